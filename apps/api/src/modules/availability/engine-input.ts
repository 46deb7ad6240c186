// What the slot engine is fed: schedules read from the database (weekly hours, time off, extra
// hours, busy time) turned into slot requests under the network's rules. Shared by one
// bookable's availability (availability.ts) and the network-wide search (search.ts).
import { Temporal } from 'temporal-polyfill';
import type { BookingRules } from '../../config.js';
import { toInstant } from '../../shared/wall-clock.js';
import type { WorkingInterval } from '../locations/index.js';
import type {
  Bookable,
  BookableKind,
  DateRange,
  ExtraHoursRow,
  SchedulingRepository,
  TimeOffRow,
} from './repository.js';
import type { SlotRequest, TimeOff } from './slot-request.js';

/** The schedule part of a slot request: everything but the range, busy time and the clock. */
export type Schedule = Pick<
  SlotRequest,
  | 'timeZone'
  | 'workingHours'
  | 'timeOff'
  | 'extraHours'
  | 'slotMinutes'
  | 'alignMinutes'
  | 'capacity'
>;

/**
 * Weekly hours by bookable id, one query per kind of hours however many bookables: a doctor's
 * own if they have any, else their location's; a diagnostic location's are the location's.
 */
export async function weeklyHours(
  repo: SchedulingRepository,
  kind: BookableKind,
  bookables: readonly Pick<Bookable, 'id' | 'locationId'>[],
): Promise<Map<string, WorkingInterval[]>> {
  const locationIds = [...new Set(bookables.map((b) => b.locationId))];
  const [locationHours, ownHours] = await Promise.all([
    repo.locationHours(locationIds),
    kind === 'doctor' ? repo.doctorHours(bookables.map((b) => b.id)) : Promise.resolve([]),
  ]);
  const byLocation = groupBy(locationHours, (h) => h.locationId);
  const byDoctor = groupBy(ownHours, (h) => h.doctorId);
  return new Map(
    bookables.map((b) => [
      b.id,
      byDoctor.get(b.id) ?? byLocation.get(b.locationId) ?? ([] as WorkingInterval[]),
    ]),
  );
}

/** One doctor's schedule rows: the weekly hours they work, and their exceptions. */
export interface DoctorScheduleRows {
  hours: readonly WorkingInterval[];
  timeOff: readonly TimeOffRow[];
  extraHours: readonly ExtraHoursRow[];
}

/**
 * A doctor's hours and exceptions for the slot engine: whole-day time off becomes one entry per
 * date within `dates`.
 */
export function doctorRules(
  rows: DoctorScheduleRows,
  dates: DateRange,
): Pick<SlotRequest, 'workingHours' | 'timeOff' | 'extraHours'> {
  const timeOff = rows.timeOff.flatMap((off): TimeOff[] => {
    if (off.startsAt && off.endsAt) {
      return [{ startAt: off.startsAt.toISOString(), endAt: off.endsAt.toISOString() }];
    }
    if (!off.startsOn || !off.endsOn) return [];
    const first = off.startsOn > dates.from ? off.startsOn : dates.from;
    const last = off.endsOn < dates.to ? off.endsOn : dates.to;
    return datesBetween(first, last).map((date) => ({ date }));
  });
  return {
    workingHours: rows.hours.map(({ weekday, opensAt, closesAt }) => ({
      weekday,
      opensAt,
      closesAt,
    })),
    timeOff,
    extraHours: rows.extraHours.map(({ date, opensAt, closesAt }) => ({ date, opensAt, closesAt })),
  };
}

/** The slot engine's request: a schedule over `dates`, less busy time, under the network's rules. */
export function slotRequest(
  schedule: Schedule,
  dates: DateRange,
  busy: readonly { startAt: Date; endAt: Date }[],
  now: Date,
  rules: BookingRules,
): SlotRequest {
  return {
    ...schedule,
    from: dates.from,
    to: dates.to,
    busy: busy.map(instantRange),
    now: now.toISOString(),
    minNoticeMinutes: rules.minNoticeMinutes,
    horizonDays: rules.horizonDays,
  };
}

/** The slot grid of a bookable under the network's rules. */
export function gridOf(
  bookable: Bookable,
  rules: BookingRules,
): Pick<Schedule, 'timeZone' | 'slotMinutes' | 'alignMinutes' | 'capacity'> {
  return {
    timeZone: bookable.timeZone,
    slotMinutes: bookable.slotMinutes,
    alignMinutes: alignment(bookable.slotMinutes, rules.slotAlignmentMinutes),
    capacity: bookable.capacity,
  };
}

/** The asked dates and a day either side: overnight windows reach into the next day. */
export function aroundDates(range: DateRange): DateRange {
  return {
    from: Temporal.PlainDate.from(range.from).subtract({ days: 1 }).toString(),
    to: Temporal.PlainDate.from(range.to).add({ days: 1 }).toString(),
  };
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = Temporal.PlainDate.from(from); d.toString() <= to; d = d.add({ days: 1 })) {
    dates.push(d.toString());
  }
  return dates;
}

/** A booking's time as the slot engine takes it. */
const instantRange = (b: { startAt: Date; endAt: Date }) => ({
  startAt: toInstant(b.startAt),
  endAt: toInstant(b.endAt),
});

/** The configured grid where it divides the slot length (or exceeds it); else the slot length. */
function alignment(slotMinutes: number, configured: number | null): number {
  if (configured === null) return slotMinutes;
  return configured >= slotMinutes || slotMinutes % configured === 0 ? configured : slotMinutes;
}

/** Bookings that can touch the asked dates' windows: a day either side covers overnight hours. */
export function busyWindow(query: DateRange, timeZone: string): { from: Date; to: Date } {
  const edge = (date: string, days: number) =>
    new Date(
      Temporal.PlainDate.from(date).add({ days }).toZonedDateTime(timeZone).epochMilliseconds,
    );
  return { from: edge(query.from, -1), to: edge(query.to, 2) };
}
