// The search's bookkeeping: which dates each bookable is read over round by round, each day's
// opening and earliest possible start, and the earliest-first queue that lets the search stop
// as soon as no remaining day can beat what it found.
import type { SlotSearchResultView } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { Bookable, DateRange } from './repository.js';
import { type ParsedRequest, parseSlotRequest, type SlotRequest } from './slot-request.js';
import { type OpeningWindow, openingWindows } from './windows.js';

/** A free slot found by the search, with what it books and its price. */
export type FoundSlot = SlotSearchResultView['slots'][number];

/** Days read per round: the window widens by this much until enough slots are found. */
const WINDOW_DAYS = 7;

/** A bookable and the local dates it is searched over: from its first date to its horizon. */
export interface Plan {
  bookable: Bookable;
  first: Temporal.PlainDate;
  last: Temporal.PlainDate;
}

export interface Round {
  plan: Plan;
  dates: DateRange;
  /** The instant the round's first date begins at the bookable's location. */
  opensAt: number;
}

/** A day's opening windows, and the earliest instant (ms) a slot in them could start. */
export interface Opening {
  windows: OpeningWindow[];
  bound: number | null;
}

/** One bookable's day in a round, with the opening its slots are laid out in. */
export interface Day {
  round: Round;
  date: Temporal.PlainDate;
  request: SlotRequest;
  windows: OpeningWindow[];
  bound: number;
}

/** The bookable's dates of round `round` (a week, up to its horizon), or none past it. */
export function roundOf(
  plan: Plan,
  round: number,
  dayStart: (zoneAndDate: string) => number,
): Round[] {
  const from = plan.first.add({ days: round * WINDOW_DAYS });
  if (Temporal.PlainDate.compare(from, plan.last) > 0) return [];
  const end = from.add({ days: WINDOW_DAYS - 1 });
  const to = Temporal.PlainDate.compare(end, plan.last) > 0 ? plan.last : end;
  return [
    {
      plan,
      dates: { from: from.toString(), to: to.toString() },
      opensAt: dayStart(`${plan.bookable.timeZone}|${from.toString()}`),
    },
  ];
}

/**
 * The request's opening windows, and its first possible start: no slot starts before its first
 * window still open after the notice, nor before the notice ends; null when no slot can start
 * (no hours, or past the horizon).
 */
export function openingOf(rules: ParsedRequest): Opening {
  const earliest = rules.earliestStart;
  const windows = openingWindows(rules);
  const window = windows.find((w) => Temporal.Instant.compare(w.closesAt, earliest) > 0);
  if (!window) return { windows, bound: null };
  const start = Temporal.Instant.compare(window.opensAt, earliest) > 0 ? window.opensAt : earliest;
  const late = Temporal.Instant.compare(start, rules.latestStart) > 0;
  return { windows, bound: late ? null : start.epochMilliseconds };
}

/**
 * openingOf, computed once for requests that differ only in busy time (which it does not read):
 * same zone, date, hours and grid, and no time off or extra hours.
 */
export function sharedOpening(cache: Map<string, Opening>, request: SlotRequest): Opening {
  if ((request.timeOff?.length ?? 0) > 0 || (request.extraHours?.length ?? 0) > 0) {
    return openingOf(parseSlotRequest(request));
  }
  const key = JSON.stringify([
    request.timeZone,
    request.from,
    request.to,
    request.slotMinutes,
    request.alignMinutes,
    request.workingHours,
  ]);
  if (!cache.has(key)) cache.set(key, openingOf(parseSlotRequest(request)));
  return cache.get(key)!;
}

/** Removes and returns the day that could start earliest (ties by bookable id). */
export function takeEarliest(queue: Day[]): Day | undefined {
  if (queue.length === 0) return undefined;
  let best = 0;
  queue.forEach((day, i) => {
    const b = queue[best]!;
    const id = day.round.plan.bookable.id;
    if (day.bound < b.bound || (day.bound === b.bound && id < b.round.plan.bookable.id)) best = i;
  });
  return queue.splice(best, 1)[0];
}

/** True when `limit` slots are found and the last sorts before (at, id): nothing later counts. */
export function settled(found: Found[], limit: number, at: number, id: string): boolean {
  const last = found[limit - 1];
  return last !== undefined && (last.at < at || (last.at === at && last.id < id));
}

/** A found slot with its start instant and bookable id, to sort by. */
export type Found = FoundSlot & { at: number; id: string };

export const byStartThenId = (a: Found, b: Found) =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `compute` once per key: many bookables share a zone, a location's hours, a date. */
export function memo<T>(compute: (key: string) => T): (key: string) => T {
  const values = new Map<string, T>();
  return (key) => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key)!;
  };
}

export const minOf = (dates: string[]) => dates.reduce((a, b) => (b < a ? b : a));
export const maxOf = (dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));
