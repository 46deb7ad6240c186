import type { SlotSearchInput } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { BookingRules } from '../../config.js';
import type { Database } from '../../db/client.js';
import { Unprocessable } from '../../shared/errors.js';
import type { WorkingInterval } from '../locations/index.js';
import {
  aroundDates,
  busyWindow,
  doctorRules,
  gridOf,
  groupBy,
  slotRequest,
  weeklyHours,
} from './engine-input.js';
import {
  type Bookable,
  type BusyRow,
  type DateRange,
  type ExtraHoursRow,
  type InstantWindow,
  type BookableKind as Kind,
  SchedulingRepository,
  type TimeOffRow,
} from './repository.js';
import {
  byStartThenId,
  type Day,
  type Found,
  type FoundSlot,
  maxOf,
  memo,
  minOf,
  type Opening,
  type Plan,
  type Round,
  roundOf,
  settled,
  sharedOpening,
  takeEarliest,
} from './search-queue.js';
import { parseSlotRequest, type SlotRequest } from './slot-request.js';
import { freeSlotsIn } from './slots.js';

/** What one round reads for all bookables at once (one query per kind), by bookable id. */
interface RoundRows {
  timeOff: Map<string, TimeOffRow[]>;
  extraHours: Map<string, ExtraHoursRow[]>;
  busy: Map<string, BusyRow[]>;
}

/**
 * The earliest free slots across every active doctor of a specialty, or every active location
 * of a diagnostic: the slot engine per bookable, over a window widened week by week. Queries
 * do not grow with the number of bookables: one for the bookables, one per kind of weekly
 * hours, then one per kind of exception and busy time each week. Within a week the engine runs
 * one bookable's day at a time, best first, and only while that day could still beat the list.
 */
export class SlotSearch {
  constructor(
    private readonly deps: {
      db: Database;
      clock: () => Date;
      rules: BookingRules;
    },
  ) {}

  async earliest(query: SlotSearchInput): Promise<FoundSlot[]> {
    const kind = searchKind(query);
    const repo = new SchedulingRepository(this.deps.db);
    const bookables =
      kind === 'doctor'
        ? await repo.doctorsOf(query.specialtyId!, query.locationId)
        : await repo.diagnosticLocationsOf(query.diagnosticId!, query.locationId);
    if (bookables.length === 0) return [];
    const now = this.deps.clock();
    const weekly = await weeklyHours(repo, kind, bookables);
    const datesIn = memo((timeZone) => this.dates(timeZone, query.from, now));
    const plans = bookables.map((bookable) => ({ bookable, ...datesIn(bookable.timeZone) }));
    const dayStart = memo((key) => {
      const [timeZone, date] = key.split('|') as [string, string];
      return Temporal.PlainDate.from(date).toZonedDateTime(timeZone).epochMilliseconds;
    });
    // Bookables without exceptions on a day share its opening when they share hours and grid.
    const openings = new Map<string, Opening>();
    // The best `limit` slots so far, earliest first: later work can only displace them.
    let found: Found[] = [];
    for (let round = 0; ; round++) {
      const rounds = plans.flatMap((plan) => roundOf(plan, round, dayStart));
      if (rounds.length === 0) break;
      if (settled(found, query.limit, Math.min(...rounds.map((r) => r.opensAt)), '')) break;
      const rows = await this.roundRows(kind, rounds, now);
      const dayFrom = (r: Round, date: Temporal.PlainDate) =>
        this.firstOpenDay(kind, r, date, { weekly, rows, now, openings });
      const queue = rounds.flatMap((r) => dayFrom(r, Temporal.PlainDate.from(r.dates.from)) ?? []);
      // Best first: the engine runs on the bookable's day that could hold the earliest slot,
      // until no remaining day can beat the list (a week of slots per doctor is costly).
      for (let day = takeEarliest(queue); day; day = takeEarliest(queue)) {
        const { bookable } = day.round.plan;
        if (settled(found, query.limit, day.bound, bookable.id)) break;
        const slots = freeSlotsIn(day.windows, parseSlotRequest(day.request)).map((slot) =>
          present(kind, bookable, slot),
        );
        found = [...found, ...slots].sort(byStartThenId).slice(0, query.limit);
        const next = dayFrom(day.round, day.date.add({ days: 1 }));
        if (next) queue.push(next);
      }
    }
    return found.map(({ at: _at, id: _id, ...slot }) => slot);
  }

  /** The bookable's first day from `date` in the round on which a slot could start. */
  private firstOpenDay(
    kind: Kind,
    round: Round,
    date: Temporal.PlainDate,
    loaded: {
      weekly: Map<string, WorkingInterval[]>;
      rows: RoundRows;
      now: Date;
      openings: Map<string, Opening>;
    },
  ): Day | null {
    const { weekly, rows, now, openings } = loaded;
    const { id } = round.plan.bookable;
    const last = Temporal.PlainDate.from(round.dates.to);
    for (let d = date; Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) {
      const dates = { from: d.toString(), to: d.toString() };
      // Most days without hours are seen without the engine's parsing.
      const open =
        weekly.get(id)?.some((h) => h.weekday === d.dayOfWeek) ||
        rows.extraHours.get(id)?.some((e) => e.date === dates.from);
      if (!open) continue;
      const request = this.request(kind, round.plan.bookable, weekly, rows, dates, now);
      const { windows, bound } = sharedOpening(openings, request);
      if (bound !== null) return { round, date: d, request, windows, bound };
    }
    return null;
  }

  /** From `from` (or today) in the zone, never before today there, to the horizon. */
  private dates(
    timeZone: string,
    from: string | undefined,
    now: Date,
  ): Pick<Plan, 'first' | 'last'> {
    const here = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
    const today = here.toPlainDate();
    const asked = from ? Temporal.PlainDate.from(from) : today;
    const first = Temporal.PlainDate.compare(asked, today) > 0 ? asked : today;
    const last = here.add({ days: this.deps.rules.horizonDays }).toPlainDate();
    return { first, last };
  }

  private async roundRows(kind: Kind, rounds: Round[], now: Date): Promise<RoundRows> {
    const repo = new SchedulingRepository(this.deps.db);
    const ids = rounds.map((r) => r.plan.bookable.id);
    // One span of dates and instants covering every bookable's round, whatever its zone.
    const dates = aroundDates({
      from: minOf(rounds.map((r) => r.dates.from)),
      to: maxOf(rounds.map((r) => r.dates.to)),
    });
    const windows = rounds.map((r) => busyWindow(r.dates, r.plan.bookable.timeZone));
    const window: InstantWindow = {
      from: new Date(Math.min(...windows.map((w) => w.from.getTime()))),
      to: new Date(Math.max(...windows.map((w) => w.to.getTime()))),
    };
    const isDoctor = kind === 'doctor';
    const [timeOff, extraHours, busy] = await Promise.all([
      isDoctor ? repo.timeOff(ids, dates, window) : Promise.resolve([]),
      isDoctor ? repo.extraHours(ids, dates) : Promise.resolve([]),
      repo.busyOfMany(kind, ids, window, now),
    ]);
    return {
      timeOff: groupBy(timeOff, (row) => row.doctorId),
      extraHours: groupBy(extraHours, (row) => row.doctorId),
      busy: groupBy(busy, (row) => row.bookableId),
    };
  }

  private request(
    kind: Kind,
    bookable: Bookable,
    weekly: Map<string, WorkingInterval[]>,
    rows: RoundRows,
    dates: DateRange,
    now: Date,
  ): SlotRequest {
    const { id } = bookable;
    const hours = weekly.get(id) ?? [];
    const rules =
      kind === 'doctor'
        ? doctorRules(
            {
              hours,
              timeOff: rows.timeOff.get(id) ?? [],
              extraHours: rows.extraHours.get(id) ?? [],
            },
            aroundDates(dates),
          )
        : { workingHours: hours };
    const schedule = { ...gridOf(bookable, this.deps.rules), ...rules };
    return slotRequest(schedule, dates, rows.busy.get(id) ?? [], now, this.deps.rules);
  }
}

/** Exactly one of specialtyId and diagnosticId, else 422. */
function searchKind(query: SlotSearchInput): Kind {
  const asked = [query.specialtyId, query.diagnosticId].filter((id) => id !== undefined);
  if (asked.length !== 1) {
    const message = 'give exactly one of specialtyId and diagnosticId';
    throw new Unprocessable('invalid-search', 'Search by a specialty or by a diagnostic', [
      { field: 'specialtyId', in: 'query', message },
      { field: 'diagnosticId', in: 'query', message },
    ]);
  }
  return query.specialtyId !== undefined ? 'doctor' : 'diagnosticLocation';
}

function present(kind: Kind, bookable: Bookable, slot: { startAt: string; endAt: string }): Found {
  return {
    startAt: slot.startAt,
    endAt: slot.endAt,
    doctorId: kind === 'doctor' ? bookable.id : null,
    diagnosticLocationId: kind === 'doctor' ? null : bookable.id,
    locationId: bookable.locationId,
    price: bookable.price,
    currency: bookable.currency,
    at: Temporal.Instant.from(slot.startAt).epochMilliseconds,
    id: bookable.id,
  };
}
