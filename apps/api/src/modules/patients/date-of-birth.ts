/** The earliest birth date a living patient plausibly has; older ones are typing mistakes. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';
// The last time zone to leave a day is UTC+14: a child born "today" anywhere is not in the future.
const LATEST_OFFSET_MS = 14 * 3600_000;

/** Why `date` cannot be a date of birth at `now`, or null when it can. */
export function implausibleBirthDate(date: string, now: Date): 'future' | 'too-early' | null {
  const latest = new Date(now.getTime() + LATEST_OFFSET_MS).toISOString().slice(0, 10);
  if (date > latest) return 'future';
  return date < EARLIEST_BIRTH_DATE ? 'too-early' : null;
}
