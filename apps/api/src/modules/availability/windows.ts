import { Temporal } from 'temporal-polyfill';
import { firstInstantShowing } from '../../shared/wall-clock.js';
import type { LocalHours, ParsedRequest } from './slot-request.js';

/** One stretch of opening time, as the wall clock reads it and as instants. */
export interface OpeningWindow {
  date: Temporal.PlainDate; // the working day it belongs to: the local date it opens on
  opens: Temporal.PlainDateTime;
  closes: Temporal.PlainDateTime;
  opensAt: Temporal.Instant; // first instant at which the clock shows `opens` or later
  closesAt: Temporal.Instant; // likewise for `closes`
}

type Schedule = Pick<ParsedRequest, 'timeZone' | 'from' | 'to' | 'weekly' | 'extra' | 'daysOff'>;

/**
 * The opening windows of the working days from..to, sorted. A day off removes that day's
 * windows, extra hours included; overlapping windows merge into one (see slots.ts).
 */
export function openingWindows(schedule: Schedule): OpeningWindow[] {
  const workingDays = datesFrom(schedule.from, schedule.to).filter(
    (date) => !schedule.daysOff.some((off) => off.equals(date)),
  );
  const windows = workingDays.flatMap((date) =>
    hoursOn(schedule, date).map((hours) => windowOf(date, hours, schedule.timeZone)),
  );
  return mergeOverlapping(windows);
}

function datesFrom(from: Temporal.PlainDate, to: Temporal.PlainDate): Temporal.PlainDate[] {
  const count = from.until(to, { largestUnit: 'days' }).days + 1;
  return Array.from({ length: count }, (_, i) => from.add({ days: i }));
}

function hoursOn(schedule: Schedule, date: Temporal.PlainDate): LocalHours[] {
  return [
    ...schedule.weekly.filter((interval) => interval.weekday === date.dayOfWeek),
    ...schedule.extra.filter((extra) => extra.date.equals(date)),
  ];
}

function windowOf(date: Temporal.PlainDate, hours: LocalHours, timeZone: string): OpeningWindow {
  const opens = date.toPlainDateTime(hours.opens);
  // As in the weekly hours: closing at or before opening is the next day's clock time.
  const closesOn =
    Temporal.PlainTime.compare(hours.closes, hours.opens) > 0 ? date : date.add({ days: 1 });
  const closes = closesOn.toPlainDateTime(hours.closes);
  return {
    date,
    opens,
    closes,
    opensAt: firstInstantShowing(opens, timeZone),
    closesAt: firstInstantShowing(closes, timeZone),
  };
}

/** Merging keeps one grid where extra hours overlap the regular ones; touching ones stay apart. */
function mergeOverlapping(windows: OpeningWindow[]): OpeningWindow[] {
  const sorted = [...windows].sort((a, b) => Temporal.Instant.compare(a.opensAt, b.opensAt));
  const merged: OpeningWindow[] = [];
  for (const window of sorted) {
    const last = merged.at(-1);
    if (last === undefined || Temporal.Instant.compare(window.opensAt, last.closesAt) >= 0) {
      merged.push(window);
    } else if (Temporal.Instant.compare(window.closesAt, last.closesAt) > 0) {
      merged[merged.length - 1] = { ...last, closes: window.closes, closesAt: window.closesAt };
    }
  }
  return merged;
}
