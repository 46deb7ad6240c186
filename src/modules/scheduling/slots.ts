/**
 * The slot engine: the bookable slots of one resource over a range of local dates. Pure: no
 * database, no clock (`now` is given), no I/O.
 *
 * Policy, from the issue:
 * - Working hours are wall-clock times in the location's zone: 09:00 stays 09:00 across DST.
 * - An opening or closing time that falls in a DST gap or repeat means the first instant at
 *   which the clock shows that time or later: a bound in a gap is the transition itself, a
 *   repeated bound its first occurrence.
 * - Slot starts are the wall-clock times opening, opening + alignMinutes, … before closing. A
 *   start that does not exist that day (spring-forward gap) gives no slot; a start that occurs
 *   twice (fall-back repeat) gives one candidate per occurrence.
 * - A candidate is kept only if it ends (start instant + slotMinutes of elapsed time) by the
 *   closing instant, and does not overlap the previous kept slot.
 * - Kept slots are then dropped if they start before now + minNoticeMinutes or after now +
 *   horizonDays, overlap time off, or overlap `capacity` busy ranges or more. The layout does
 *   not move around bookings: a busy slot is removed, its neighbours stay where they were.
 *
 * Decided where the issue was silent:
 * - A window belongs to the working day it opens on. A range includes the windows opening on
 *   from..to, so `to` = Friday includes Friday 18:00–02:00 up to Saturday 02:00, and `from` =
 *   Saturday does not.
 * - A whole-date time off removes that working day's windows, extra hours included (time off
 *   wins), and so the after-midnight part of its overnight hours; the previous day's overnight
 *   hours running into it stay.
 * - The grid stays on the wall-clock opening time even when that time is in a gap: a window
 *   opening at 02:15 into a 02:00→03:00 gap opens at 03:00 but first offers 03:15 (30-min grid).
 * - Windows that overlap (extra hours over regular ones) merge into one, on the grid of the one
 *   opening first, attributed to its date; windows that only touch (a lunch break) keep a grid
 *   each. Only windows of from..to are merged, so an overlap across the range's edge can differ.
 * - alignMinutes below slotMinutes must divide it (else RangeError); above it leaves breaks.
 * - A slot is free while fewer than `capacity` busy ranges overlap it at all, even if they never
 *   overlap each other: the conservative count, never offering a slot a count-based check refuses.
 * - The horizon counts calendar days in the location's zone (same wall-clock time).
 * - Ranges are half-open: touching a busy range or time off is not overlapping it.
 */
import { Temporal } from 'temporal-polyfill';
import {
  type FreeSlot,
  type ParsedRequest,
  parseSlotRequest,
  type SlotRequest,
  type Span,
} from './slot-request.js';
import { formatInstant, instantsShowing } from './wall-clock.js';
import { type OpeningWindow, openingWindows } from './windows.js';

export type { ExtraHours, FreeSlot, InstantRange, SlotRequest, TimeOff } from './slot-request.js';
export { MAX_RANGE_DAYS } from './slot-request.js';
export type { InstantInput } from './wall-clock.js';

/** The free slots of the request, sorted, as RFC 3339 strings with the location's offset. */
export function freeSlots(request: SlotRequest): FreeSlot[] {
  const rules = parseSlotRequest(request);
  return layOutSlots(openingWindows(rules), rules)
    .filter((slot) => isBookable(slot, rules))
    .map((slot) => ({
      startAt: formatInstant(slot.start, rules.timeZone),
      endAt: formatInstant(slot.end, rules.timeZone),
    }));
}

/** The instants at which the window's wall-clock grid shows a start, 0–2 per grid time. */
export function candidateStarts(
  window: OpeningWindow,
  alignMinutes: number,
  timeZone: string,
): Temporal.Instant[] {
  const starts: Temporal.Instant[] = [];
  let wallClock = window.opens;
  while (Temporal.PlainDateTime.compare(wallClock, window.closes) < 0) {
    starts.push(...instantsShowing(wallClock, timeZone));
    wallClock = wallClock.add({ minutes: alignMinutes });
  }
  return starts;
}

type Grid = Pick<ParsedRequest, 'timeZone' | 'slotMinutes' | 'alignMinutes'>;

/** The slots the opening hours allow before any booking rule: sorted, never overlapping. */
export function layOutSlots(windows: OpeningWindow[], grid: Grid): Span[] {
  const fitting = windows.flatMap((window) =>
    candidateStarts(window, grid.alignMinutes, grid.timeZone)
      .map((start) => ({ start, end: start.add({ minutes: grid.slotMinutes }) }))
      .filter((slot) => Temporal.Instant.compare(slot.end, window.closesAt) <= 0),
  );
  // A repeat's second occurrences come after later wall-clock times' first ones: sort by instant.
  fitting.sort((a, b) => Temporal.Instant.compare(a.start, b.start));
  const kept: Span[] = [];
  for (const slot of fitting) {
    const previous = kept.at(-1);
    if (previous === undefined || Temporal.Instant.compare(slot.start, previous.end) >= 0) {
      kept.push(slot);
    }
  }
  return kept;
}

function isBookable(slot: Span, rules: ParsedRequest): boolean {
  return (
    Temporal.Instant.compare(slot.start, rules.earliestStart) >= 0 &&
    Temporal.Instant.compare(slot.start, rules.latestStart) <= 0 &&
    !rules.timeOff.some((off) => overlaps(slot, off)) &&
    rules.busy.filter((busy) => overlaps(slot, busy)).length < rules.capacity
  );
}

const overlaps = (a: Span, b: Span) =>
  Temporal.Instant.compare(a.start, b.end) < 0 && Temporal.Instant.compare(b.start, a.end) < 0;
