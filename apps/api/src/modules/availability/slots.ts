/**
 * The slot engine: the free slots of one bookable over a range of local dates. Pure: no
 * database, no clock (`now` is given), no I/O.
 *
 * Policy, from the issue:
 * - Working hours are wall-clock times in the location's zone: 09:00 stays 09:00 across DST.
 * - An opening or closing time that falls in a DST gap or repeat means the first instant at
 *   which the clock shows that time or later: a bound in a gap is the transition itself, a
 *   repeated bound its first occurrence.
 * - Slot starts are the wall-clock times opening, opening + alignMinutes, … before closing. A
 *   start that does not exist that day (spring-forward gap) gives no slot; a start that occurs
 *   twice (fall-back repeat) gives one candidate start per occurrence.
 * - A candidate start is kept only if it ends (start instant + slotMinutes of elapsed time) by
 *   the closing instant, and does not overlap the previous kept slot.
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
  formatInstant,
  instantsShowing,
  type SteadyOffset,
  steadyFormatter,
  steadyOffsets,
} from '../../shared/wall-clock.js';
import {
  type FreeSlot,
  type ParsedRequest,
  parseSlotRequest,
  type SlotRequest,
  type Span,
} from './slot-request.js';
import { type OpeningWindow, openingWindows } from './windows.js';

export type { InstantInput } from '../../shared/wall-clock.js';
export type { ExtraHours, FreeSlot, InstantRange, SlotRequest, TimeOff } from './slot-request.js';
export { MAX_RANGE_DAYS } from './slot-request.js';

/** The free slots of the request, sorted, as RFC 3339 strings with the location's offset. */
export function freeSlots(request: SlotRequest): FreeSlot[] {
  const rules = parseSlotRequest(request);
  return freeSlotsIn(openingWindows(rules), rules);
}

/** freeSlots of a parsed request whose opening windows are known already. */
export function freeSlotsIn(windows: OpeningWindow[], rules: ParsedRequest): FreeSlot[] {
  return allowed(plannedSlots(windows, rules), rules).map((slot) => ({
    startAt: slot.format(slot.start),
    endAt: slot.format(slot.end),
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

/** Instants as epoch nanoseconds, which compare cheaply. */
interface Nanoseconds {
  start: bigint;
  end: bigint;
}

/** A laid-out slot, with how to write its instants. */
interface Planned extends Nanoseconds {
  format: (epochNanoseconds: bigint) => string;
}

const NS_PER_MINUTE = 60_000_000_000n;
// Offsets stay under 24 h either way (a Temporal bound), so no instant 48 h or more before a
// window opens can show its opening time or later.
const SETTLING = 48n * 60n * NS_PER_MINUTE;

const byStart = (a: Nanoseconds, b: Nanoseconds) =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : 0;

/**
 * The slots the opening hours allow before any booking rule, sorted, never overlapping; with a
 * shortcut for the windows where the zone's offset allows one.
 */
function plannedSlots(windows: OpeningWindow[], grid: Grid): Planned[] {
  const offsets = steadyOffsetsAround(windows, grid.timeZone);
  const fitting = windows.flatMap((window) => {
    const offset = steadyOffsetFor(window, offsets);
    return offset === null ? wallClockSlots(window, grid) : steadySlots(window, offset, grid);
  });
  // A repeat's second occurrences come after later wall-clock times' first ones: sort by instant.
  fitting.sort(byStart);
  const kept: Planned[] = [];
  for (const slot of fitting) {
    const previous = kept.at(-1);
    if (previous === undefined || slot.start >= previous.end) kept.push(slot);
  }
  return kept;
}

/** The policy read literally: each wall-clock grid time to its 0–2 instants. */
function wallClockSlots(window: OpeningWindow, grid: Grid): Planned[] {
  const closesAt = window.closesAt.epochNanoseconds;
  const format = (epochNanoseconds: bigint) =>
    formatInstant(Temporal.Instant.fromEpochNanoseconds(epochNanoseconds), grid.timeZone);
  return candidateStarts(window, grid.alignMinutes, grid.timeZone)
    .map((start) => ({
      start: start.epochNanoseconds,
      end: start.add({ minutes: grid.slotMinutes }).epochNanoseconds,
      format,
    }))
    .filter((slot) => slot.end <= closesAt);
}

/**
 * The same slots, cheaply, for a window within one offset of the zone, before which the clock
 * never showed its opening time or later: then `opens` + n × align shows at `opensAt` + n × align
 * of elapsed time, and at no other instant that could start a slot ending by closing.
 */
function steadySlots(window: OpeningWindow, offset: string, grid: Grid): Planned[] {
  // Windows open on a whole minute (HH:MM hours), as steadyFormatter needs.
  const format = steadyFormatter(window.opensAt, window.opens, offset);
  const step = BigInt(grid.alignMinutes) * NS_PER_MINUTE;
  const length = BigInt(grid.slotMinutes) * NS_PER_MINUTE;
  const closesAt = window.closesAt.epochNanoseconds;
  const slots: Planned[] = [];
  for (let start = window.opensAt.epochNanoseconds; start + length <= closesAt; start += step) {
    slots.push({ start, end: start + length, format });
  }
  return slots;
}

/** One search for the zone's transitions for all the windows, settling time included. */
function steadyOffsetsAround(windows: OpeningWindow[], timeZone: string): SteadyOffset[] {
  if (windows.length === 0) return [];
  let from = windows[0]!.opensAt.epochNanoseconds;
  let until = windows[0]!.closesAt;
  for (const window of windows) {
    if (window.opensAt.epochNanoseconds < from) from = window.opensAt.epochNanoseconds;
    if (window.closesAt.epochNanoseconds > until.epochNanoseconds) until = window.closesAt;
  }
  return steadyOffsets(timeZone, Temporal.Instant.fromEpochNanoseconds(from - SETTLING), until);
}

/**
 * The offset of the stretch the window lies in, opening after its start (a window opening at a
 * transition may open in its gap), if the clock showed only times before opening until then:
 * checked back 48 hours, beyond which no offset reaches. Else null, for the literal path.
 */
function steadyOffsetFor(window: OpeningWindow, offsets: SteadyOffset[]): string | null {
  const opensAt = window.opensAt.epochNanoseconds;
  const closesAt = window.closesAt.epochNanoseconds;
  const index = offsets.findIndex(
    (s) => s.from < opensAt && (s.next === null || closesAt < s.next.at),
  );
  if (index < 0) return null;
  const showedLater = offsets
    .slice(0, index)
    .some(
      (s) =>
        s.next!.at > opensAt - SETTLING &&
        Temporal.PlainDateTime.compare(s.next!.clockBefore, window.opens) >= 0,
    );
  return showedLater ? null : offsets[index]!.offset;
}

/** The slots booking rules allow: within notice and horizon, clear of time off and capacity. */
function allowed(slots: Planned[], rules: ParsedRequest): Planned[] {
  const earliest = rules.earliestStart.epochNanoseconds;
  const latest = rules.latestStart.epochNanoseconds;
  const timeOff = rules.timeOff.map(inNanoseconds);
  const busyOver = busyCounter(rules.busy.map(inNanoseconds));
  return slots.filter((slot) => {
    const busy = busyOver(slot); // called for every slot, in order, as busyCounter needs
    return (
      slot.start >= earliest &&
      slot.start <= latest &&
      !timeOff.some((off) => overlaps(slot, off)) &&
      busy < rules.capacity
    );
  });
}

const inNanoseconds = (span: Span): Nanoseconds => ({
  start: span.start.epochNanoseconds,
  end: span.end.epochNanoseconds,
});

const overlaps = (a: Nanoseconds, b: Nanoseconds) => a.start < b.end && b.start < a.end;

/**
 * How many busy ranges overlap each slot, for slots given in order and not overlapping (so their
 * ends increase too): one sweep over the ranges sorted by start, not a pass over all per slot.
 */
function busyCounter(busy: Nanoseconds[]): (slot: Nanoseconds) => number {
  const waiting = [...busy].sort(byStart);
  let next = 0;
  let started: Nanoseconds[] = []; // start before the slot's end, possibly ending before it
  return (slot) => {
    while (next < waiting.length && waiting[next]!.start < slot.end) started.push(waiting[next++]!);
    // A range ending by this slot's start ends before every later slot's start too.
    started = started.filter((range) => range.end > slot.start);
    return started.length;
  };
}
