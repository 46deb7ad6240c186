import type { Temporal } from 'temporal-polyfill';
import {
  type InstantInput,
  parseInstant,
  parseLocalDate,
  parseLocalTime,
  parseTimeZone,
} from '../../shared/wall-clock.js';
import type { WorkingInterval } from '../locations/index.js';

/** The longest range of local dates one request may cover (inclusive); callers cap it too. */
export const MAX_RANGE_DAYS = 31;

const MINUTES_PER_DAY = 24 * 60;

export interface InstantRange {
  startAt: InstantInput;
  endAt: InstantInput;
}

/** A whole local working day off, or a stretch of instants (a meeting, an afternoon off). */
export type TimeOff = { date: string } | InstantRange;

/** Hours added on one local date; closing at or before opening runs into the next day. */
export interface ExtraHours {
  date: string; // YYYY-MM-DD
  opensAt: string; // HH:MM
  closesAt: string; // HH:MM
}

/** Everything the slot engine needs about one bookable (a doctor, a diagnostic location). */
export interface SlotRequest {
  timeZone: string; // IANA, the location's
  from: string; // first local date, YYYY-MM-DD
  to: string; // last local date, inclusive
  workingHours: readonly WorkingInterval[];
  timeOff?: readonly TimeOff[];
  extraHours?: readonly ExtraHours[];
  slotMinutes: number; // appointment length or diagnostic duration
  alignMinutes?: number; // grid of starts; default slotMinutes
  busy?: readonly InstantRange[]; // active bookings and holds
  capacity?: number; // bookings that may run at once; default 1
  now: InstantInput; // injected so that results are reproducible
  minNoticeMinutes: number;
  horizonDays: number;
}

/** A bookable slot: RFC 3339 instants carrying the location's offset at that instant. */
export interface FreeSlot {
  startAt: string;
  endAt: string;
}

export interface LocalHours {
  opens: Temporal.PlainTime;
  closes: Temporal.PlainTime;
}

export interface Span {
  start: Temporal.Instant;
  end: Temporal.Instant;
}

/** The request checked and parsed once, so that the engine works on Temporal values only. */
export interface ParsedRequest {
  timeZone: string;
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
  weekly: (LocalHours & { weekday: number })[];
  extra: (LocalHours & { date: Temporal.PlainDate })[];
  daysOff: Temporal.PlainDate[];
  timeOff: Span[];
  busy: Span[];
  slotMinutes: number;
  alignMinutes: number;
  capacity: number;
  earliestStart: Temporal.Instant;
  latestStart: Temporal.Instant;
}

/** Parses and checks a request; anything malformed is a RangeError naming the field. */
export function parseSlotRequest(request: SlotRequest): ParsedRequest {
  const timeZone = parseTimeZone(request.timeZone);
  const timeOff = request.timeOff ?? [];
  const now = parseInstant(request.now);
  const notice = wholeNumber('minNoticeMinutes', request.minNoticeMinutes, 0);
  const horizon = wholeNumber('horizonDays', request.horizonDays, 0);
  return {
    timeZone,
    ...parseRange(request.from, request.to),
    weekly: request.workingHours.map(parseWeekly),
    extra: (request.extraHours ?? []).map((e) => ({ date: parseLocalDate(e.date), ...hours(e) })),
    daysOff: timeOff.filter(isWholeDay).map((off) => parseLocalDate(off.date)),
    timeOff: timeOff.filter(isRange).map(parseSpan),
    busy: (request.busy ?? []).map(parseSpan),
    ...parseGrid(request.slotMinutes, request.alignMinutes),
    capacity: wholeNumber('capacity', request.capacity ?? 1, 1),
    earliestStart: now.add({ minutes: notice }),
    // Calendar days in the location's zone: a horizon ends at the same wall-clock time across DST.
    latestStart: now.toZonedDateTimeISO(timeZone).add({ days: horizon }).toInstant(),
  };
}

function parseRange(fromText: string, toText: string) {
  const from = parseLocalDate(fromText);
  const to = parseLocalDate(toText);
  const days = from.until(to, { largestUnit: 'days' }).days + 1;
  if (days < 1) throw new RangeError(`to (${toText}) is before from (${fromText})`);
  if (days > MAX_RANGE_DAYS) {
    throw new RangeError(`${fromText}..${toText} spans ${days} days; at most ${MAX_RANGE_DAYS}`);
  }
  return { from, to };
}

/**
 * A grid finer than the slot must divide it: slots are laid out back to back, so 20-minute
 * slots on a 15-minute grid would start at :00 and :30 and waste ten minutes each time.
 */
function parseGrid(slot: number, align: number | undefined) {
  const slotMinutes = wholeNumber('slotMinutes', slot, 1, MINUTES_PER_DAY);
  const alignMinutes = wholeNumber('alignMinutes', align ?? slotMinutes, 1, MINUTES_PER_DAY);
  if (alignMinutes < slotMinutes && slotMinutes % alignMinutes !== 0) {
    throw new RangeError(`alignMinutes (${alignMinutes}) must divide slotMinutes (${slotMinutes})`);
  }
  return { slotMinutes, alignMinutes };
}

function parseWeekly(interval: WorkingInterval) {
  const weekday = wholeNumber('weekday', interval.weekday, 1, 7);
  return { weekday, ...hours(interval) };
}

const hours = (interval: { opensAt: string; closesAt: string }): LocalHours => ({
  opens: parseLocalTime(interval.opensAt),
  closes: parseLocalTime(interval.closesAt),
});

const isWholeDay = (off: TimeOff): off is { date: string } => 'date' in off;
const isRange = (off: TimeOff): off is InstantRange => !isWholeDay(off);

function parseSpan(range: InstantRange): Span {
  const start = parseInstant(range.startAt);
  const end = parseInstant(range.endAt);
  if (end.epochNanoseconds <= start.epochNanoseconds) {
    throw new RangeError(`range ${start.toString()}..${end.toString()} must end after it starts`);
  }
  return { start, end };
}

function wholeNumber(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
