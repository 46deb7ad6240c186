// Wall-clock time: every time-zone question in MedSync is answered here, with Temporal.
import { Temporal } from 'temporal-polyfill';

/** An instant as callers hold it: parsed already, or an RFC 3339 string with offset or `Z`. */
export type InstantInput = Temporal.Instant | string;

/**
 * The canonical spelling of an IANA time-zone name (`europe/berlin` → `Europe/Berlin`), or null
 * when the time-zone database does not know it. Fixed offsets (`+02:00`) are refused: a clinic's
 * wall clock follows its zone's daylight-saving rules, which an offset cannot express.
 */
export function canonicalTimeZone(name: string): string | null {
  if (/^[+-]|^Z$/i.test(name)) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(name).timeZoneId;
  } catch {
    return null;
  }
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const NS_PER_MINUTE = 60_000_000_000n;
const MINUTES_PER_DAY = 24 * 60;

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
  const cached = localTimes.get(text);
  if (cached) return cached;
  if (!LOCAL_TIME.test(text)) throw new RangeError(`not an HH:MM time: ${text}`);
  const time = Temporal.PlainTime.from(text);
  localTimes.set(text, time);
  return time;
}

// Parsed times of day, at most 1,440 (HH:MM only): Temporal values are immutable, so shared.
const localTimes = new Map<string, Temporal.PlainTime>();

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
  // 'compatible' agrees with 'earlier' except in a gap, where it is 'later', a gap's length on:
  // cheaper than reading the clock at `earlier` back.
  const compatible = wallClock.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  if (earlier.equals(compatible)) return earlier.toInstant();
  // 'earlier' lands just before the gap, so the next transition is the one that skips it.
  return earlier.getTimeZoneTransition('next')!.toInstant();
}

/** RFC 3339 with the location's offset at that instant, e.g. `2026-03-29T09:30:00+02:00`. */
export function formatInstant(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });
}

/** A stretch of instants over which the zone keeps one UTC offset. */
export interface SteadyOffset {
  from: bigint; // epoch nanoseconds: a transition, or where the search began
  offset: string | null; // as formatInstant writes it, e.g. '+01:00'; null unless whole minutes
  next: Transition | null; // the transition that ends it; null if none
}

export interface Transition {
  at: bigint; // epoch nanoseconds
  clockBefore: Temporal.PlainDateTime; // what the clock shows a nanosecond before
}

/** The zone's stretches of one offset covering from..until, in order. */
export function steadyOffsets(
  timeZone: string,
  from: Temporal.Instant,
  until: Temporal.Instant,
): SteadyOffset[] {
  const stretches: SteadyOffset[] = [];
  let zoned: Temporal.ZonedDateTime | null = from.toZonedDateTimeISO(timeZone);
  while (zoned !== null && zoned.epochNanoseconds <= until.epochNanoseconds) {
    const next: Temporal.ZonedDateTime | null = zoned.getTimeZoneTransition('next');
    // RFC 3339 rounds an offset with seconds (LMT, e.g. +00:53:28): leave those to formatInstant.
    const wholeMinutes = BigInt(zoned.offsetNanoseconds) % NS_PER_MINUTE === 0n;
    stretches.push({
      from: zoned.epochNanoseconds,
      offset: wholeMinutes ? zoned.offset : null,
      next: next && {
        at: next.epochNanoseconds,
        clockBefore: next.subtract({ nanoseconds: 1 }).toPlainDateTime(),
      },
    });
    zoned = next;
  }
  return stretches;
}

/**
 * formatInstant for instants a whole number of minutes after `at`, which shows `wallClock` (on a
 * whole minute), while the zone keeps `offset`: such an instant shows `wallClock` plus the
 * elapsed minutes, so no zone conversion is needed, and the texts of a time of day are reused.
 */
export function steadyFormatter(
  at: Temporal.Instant,
  wallClock: Temporal.PlainDateTime,
  offset: string,
): (epochNanoseconds: bigint) => string {
  const atNs = at.epochNanoseconds;
  const firstMinute = wallClock.hour * 60 + wallClock.minute;
  const dates: string[] = [];
  return (epochNanoseconds) => {
    const minute = firstMinute + Number((epochNanoseconds - atNs) / NS_PER_MINUTE);
    // Plain wall-clock arithmetic: every plain day has 1440 minutes.
    const day = Math.floor(minute / MINUTES_PER_DAY);
    dates[day] ??= wallClock.toPlainDate().add({ days: day }).toString();
    return `${dates[day]}T${timeOfDayText(minute % MINUTES_PER_DAY)}${offset}`;
  };
}

const timesOfDay: string[] = []; // 'HH:MM:00' by minute of the day, written by Temporal once

function timeOfDayText(minute: number): string {
  timesOfDay[minute] ??= Temporal.PlainTime.from({
    hour: Math.floor(minute / 60),
    minute: minute % 60,
  }).toString();
  return timesOfDay[minute];
}

/** A database timestamp as an instant, without a round trip through text. */
export const toInstant = (date: Date): Temporal.Instant =>
  Temporal.Instant.fromEpochMilliseconds(date.getTime());
