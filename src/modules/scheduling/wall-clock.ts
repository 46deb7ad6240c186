import { Temporal } from 'temporal-polyfill';
import { canonicalTimeZone } from '../../shared/time-zone.js';

/** An instant as callers hold it: parsed already, or an RFC 3339 string with offset or `Z`. */
export type InstantInput = Temporal.Instant | string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A canonical IANA zone; fixed offsets are refused because they cannot follow DST rules. */
export function parseTimeZone(name: string): string {
  const zone = canonicalTimeZone(name);
  if (zone === null) throw new RangeError(`unknown IANA time zone: ${name}`);
  return zone;
}

/** YYYY-MM-DD only: Temporal alone would also accept `20260329` or a date-time. */
export function parseLocalDate(text: string): Temporal.PlainDate {
  if (!LOCAL_DATE.test(text)) throw new RangeError(`not a YYYY-MM-DD date: ${text}`);
  return Temporal.PlainDate.from(text);
}

/** HH:MM, 00:00–23:59, the shape working hours are stored in. */
export function parseLocalTime(text: string): Temporal.PlainTime {
  if (!LOCAL_TIME.test(text)) throw new RangeError(`not an HH:MM time: ${text}`);
  return Temporal.PlainTime.from(text);
}

export function parseInstant(input: InstantInput): Temporal.Instant {
  return typeof input === 'string' ? Temporal.Instant.from(input) : input;
}

/**
 * Every instant at which the clock shows `wallClock`: none in a spring-forward gap, two in a
 * fall-back repeat (earlier first), otherwise one.
 */
export function instantsShowing(
  wallClock: Temporal.PlainDateTime,
  timeZone: string,
): Temporal.Instant[] {
  const earlier = wallClock.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  // In a gap Temporal shifts the time by the gap's length instead of failing: detect the shift.
  if (!earlier.toPlainDateTime().equals(wallClock)) return [];
  const later = wallClock.toZonedDateTime(timeZone, { disambiguation: 'later' });
  return earlier.equals(later) ? [earlier.toInstant()] : [earlier.toInstant(), later.toInstant()];
}

/**
 * The first instant at which the clock shows `wallClock` or later: a repeated time's first
 * occurrence, and for a time inside a gap the transition itself. No Temporal disambiguation
 * gives the latter ('later' and 'compatible' land a gap's length past it), hence the search.
 */
export function firstInstantShowing(
  wallClock: Temporal.PlainDateTime,
  timeZone: string,
): Temporal.Instant {
  const earlier = wallClock.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (earlier.toPlainDateTime().equals(wallClock)) return earlier.toInstant();
  // 'earlier' lands just before the gap, so the next transition is the one that skips it.
  return earlier.getTimeZoneTransition('next')!.toInstant();
}

/** RFC 3339 with the location's offset at that instant, e.g. `2026-03-29T09:30:00+02:00`. */
export function formatInstant(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });
}
