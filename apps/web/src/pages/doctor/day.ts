// Calendar days of the doctor's day list: plain YYYY-MM-DD dates in the clinic's zone, moved by
// whole days without any time zone arithmetic (a day is a day, whatever its length in hours).
import { dayKey } from '../../lib/format.js';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isPlainDate(value: string | null | undefined): value is string {
  const match = PLAIN_DATE.exec(value ?? '');
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

/** The date `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const moved = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return moved.toISOString().slice(0, 10);
}

/** Today's date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayKey(now, timeZone);
}
