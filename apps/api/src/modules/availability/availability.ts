import type { AvailabilityInput } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { BookingRules } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { NotFound, Unprocessable } from '../../shared/errors.js';
import {
  aroundDates,
  busyWindow,
  doctorRules,
  gridOf,
  type Schedule,
  slotRequest,
  weeklyHours,
} from './engine-input.js';
import {
  type Bookable,
  type BookableRef,
  type DateRange,
  SchedulingRepository,
} from './repository.js';
import {
  type FreeSlot,
  MAX_RANGE_DAYS,
  parseSlotRequest,
  type SlotRequest,
} from './slot-request.js';
import { freeSlots, freeSlotsIn } from './slots.js';
import { openingWindows } from './windows.js';
/** A slot the availability endpoint would offer (busy time aside), with what it books. */
export interface OfferedSlot {
  bookable: Bookable;
  startAt: Date;
  endAt: Date;
}

/** Free slots of a doctor or a diagnostic location: the slot engine fed from the database. */
export class AvailabilityService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: () => Date;
      rules: BookingRules;
    },
  ) {}

  async forDoctor(doctorId: string, query: AvailabilityInput): Promise<FreeSlot[]> {
    return this.free({ doctorId }, query);
  }

  async forDiagnosticLocation(id: string, query: AvailabilityInput): Promise<FreeSlot[]> {
    return this.free({ diagnosticLocationId: id }, query);
  }

  /**
   * Checks that `startAt` is a slot the availability endpoint offers, busy time aside (the
   * exclusion constraints decide that, at insert): the bookable exists and is active (else
   * NotFound), and the start is a real slot (else Unprocessable naming the reason:
   * `slot-in-past`, `slot-inside-notice`, `slot-beyond-horizon`, `slot-outside-hours`,
   * `slot-off-grid`, `slot-time-off`).
   */
  async checkSlot(
    ref: BookableRef,
    startAtText: string,
    db: Executor = this.deps.db,
  ): Promise<OfferedSlot> {
    const bookable = await this.load(ref, db);
    const start = Temporal.Instant.from(startAtText);
    const now = Temporal.Instant.fromEpochMilliseconds(this.deps.clock().getTime());
    const { minNoticeMinutes, horizonDays } = this.deps.rules;
    if (Temporal.Instant.compare(start, now) < 0) {
      throw slotRefused('slot-in-past', 'The slot has already started');
    }
    if (Temporal.Instant.compare(start, now.add({ minutes: minNoticeMinutes })) < 0) {
      throw slotRefused(
        'slot-inside-notice',
        `Slots must be booked at least ${minNoticeMinutes} minutes ahead`,
      );
    }
    const horizon = now.toZonedDateTimeISO(bookable.timeZone).add({ days: horizonDays });
    if (Temporal.Instant.compare(start, horizon.toInstant()) > 0) {
      throw slotRefused('slot-beyond-horizon', `Slots open at most ${horizonDays} days ahead`);
    }
    // The slot's window opened on its local date or, for overnight hours, the day before.
    const date = start.toZonedDateTimeISO(bookable.timeZone).toPlainDate();
    const range = { from: date.subtract({ days: 1 }).toString(), to: date.toString() };
    const schedule = await this.schedule(bookable, ref, range, db);
    const request: SlotRequest = {
      ...schedule,
      ...range,
      // Notice and horizon were checked above: lay out every slot of the two days.
      now: date.subtract({ days: 2 }).toZonedDateTime(bookable.timeZone).toInstant(),
      minNoticeMinutes: 0,
      horizonDays: 5,
    };
    const isStart = (slot: FreeSlot) => Temporal.Instant.from(slot.startAt).equals(start);
    const withoutTimeOff = parseSlotRequest({ ...request, timeOff: [] });
    const windows = openingWindows(withoutTimeOff);
    const slot = freeSlotsIn(windows, withoutTimeOff).find(isStart);
    if (!slot) {
      const open = windows.some(
        (w) =>
          Temporal.Instant.compare(w.opensAt, start) <= 0 &&
          Temporal.Instant.compare(start, w.closesAt) < 0,
      );
      throw open
        ? slotRefused('slot-off-grid', 'The start is not on the slot grid')
        : slotRefused('slot-outside-hours', 'The start is outside working hours');
    }
    if (!freeSlots(request).some(isStart)) {
      throw slotRefused('slot-time-off', 'The doctor is away at that time');
    }
    return {
      bookable,
      startAt: new Date(Temporal.Instant.from(slot.startAt).epochMilliseconds),
      endAt: new Date(Temporal.Instant.from(slot.endAt).epochMilliseconds),
    };
  }

  private async free(ref: BookableRef, query: AvailabilityInput): Promise<FreeSlot[]> {
    checkRange(query);
    const db = this.deps.db;
    const bookable = await this.load(ref, db);
    const now = this.deps.clock();
    const [schedule, busy] = await Promise.all([
      this.schedule(bookable, ref, query, db),
      new SchedulingRepository(db).busy(ref, busyWindow(query, bookable.timeZone), now),
    ]);
    return freeSlots(slotRequest(schedule, query, busy, now, this.deps.rules));
  }

  /** The active bookable `ref` names; else NotFound. */
  private async load(ref: BookableRef, db: Executor): Promise<Bookable> {
    const repo = new SchedulingRepository(db);
    if ('doctorId' in ref) {
      const doctor = await repo.doctor(ref.doctorId);
      if (!doctor) throw new NotFound('Doctor');
      return doctor;
    }
    const diagnosticLocation = await repo.diagnosticLocation(ref.diagnosticLocationId);
    if (!diagnosticLocation) throw new NotFound('Diagnostic location');
    return diagnosticLocation;
  }

  /**
   * The rules that lay out the bookable's slots over `range`: hours, exceptions, grid. A doctor
   * works their own weekly hours if they have any, else the location's, with their time off
   * and extra hours; a diagnostic location works the location's hours.
   */
  private async schedule(
    bookable: Bookable,
    ref: BookableRef,
    range: DateRange,
    db: Executor,
  ): Promise<Schedule> {
    const repo = new SchedulingRepository(db);
    const grid = gridOf(bookable, this.deps.rules);
    const { id } = bookable;
    if (!('doctorId' in ref)) {
      const weekly = await weeklyHours(repo, 'diagnosticLocation', [bookable]);
      return { ...grid, workingHours: weekly.get(id) ?? [] };
    }
    const ids = [id];
    const dates = aroundDates(range);
    const [weekly, timeOff, extraHours] = await Promise.all([
      weeklyHours(repo, 'doctor', [bookable]),
      repo.timeOff(ids, dates, busyWindow(range, bookable.timeZone)),
      repo.extraHours(ids, dates),
    ]);
    return {
      ...grid,
      ...doctorRules({ hours: weekly.get(id) ?? [], timeOff, extraHours }, dates),
    };
  }
}

function slotRefused(code: string, detail: string): Unprocessable {
  return new Unprocessable(code, detail, [{ field: 'startAt', message: detail }]);
}

function checkRange(query: AvailabilityInput): void {
  const days = Temporal.PlainDate.from(query.from).until(Temporal.PlainDate.from(query.to)).days;
  if (days < 0 || days >= MAX_RANGE_DAYS) {
    throw new Unprocessable('invalid-range', 'Ask for one to 31 days, `to` not before `from`', [
      {
        field: 'to',
        in: 'query',
        message: `must be from \`from\` to ${MAX_RANGE_DAYS - 1} days after it`,
      },
    ]);
  }
}
