import { Temporal } from 'temporal-polyfill';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { NotFound, Unprocessable } from '../../shared/errors.js';
import { type Bookable, SchedulingRepository } from './repository.js';
import { type FreeSlot, MAX_RANGE_DAYS } from './slot-request.js';
import { freeSlots } from './slots.js';

export interface AvailabilityQuery {
  from: string;
  to: string;
}

type Subject = { doctorId: string } | { diagnosticLocationId: string };

/** Free slots of a doctor or a diagnostic location: the slot engine fed from the database. */
export class AvailabilityService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: () => Date;
      rules: Config['booking'];
    },
  ) {}

  async forDoctor(doctorId: string, query: AvailabilityQuery): Promise<FreeSlot[]> {
    const bookable = await new SchedulingRepository(this.deps.db).doctor(doctorId);
    if (!bookable) throw new NotFound('Doctor');
    return this.slots(bookable, { doctorId }, query);
  }

  async forDiagnosticLocation(id: string, query: AvailabilityQuery): Promise<FreeSlot[]> {
    const bookable = await new SchedulingRepository(this.deps.db).diagnosticLocation(id);
    if (!bookable) throw new NotFound('Diagnostic location');
    return this.slots(bookable, { diagnosticLocationId: id }, query);
  }

  private async slots(bookable: Bookable, subject: Subject, query: AvailabilityQuery) {
    checkRange(query);
    const repo = new SchedulingRepository(this.deps.db);
    const now = this.deps.clock();
    const [workingHours, busy] = await Promise.all([
      repo.workingHours(bookable.locationId),
      repo.busy(subject, busyWindow(query, bookable.timeZone), now),
    ]);
    return freeSlots({
      timeZone: bookable.timeZone,
      from: query.from,
      to: query.to,
      workingHours,
      slotMinutes: bookable.slotMinutes,
      capacity: bookable.capacity,
      busy: busy.map((b) => ({ startAt: b.startAt.toISOString(), endAt: b.endAt.toISOString() })),
      now: now.toISOString(),
      minNoticeMinutes: this.deps.rules.minNoticeMinutes,
      horizonDays: this.deps.rules.horizonDays,
    });
  }
}

function checkRange(query: AvailabilityQuery): void {
  const days = Temporal.PlainDate.from(query.from).until(Temporal.PlainDate.from(query.to)).days;
  if (days < 0 || days >= MAX_RANGE_DAYS) {
    throw new Unprocessable('invalid-range', 'Ask for one to 31 days, `to` not before `from`', [
      {
        path: '/query/to',
        message: `must be from \`from\` to ${MAX_RANGE_DAYS - 1} days after it`,
      },
    ]);
  }
}

/** Bookings that can touch the asked dates' windows: a day either side covers overnight hours. */
function busyWindow(query: AvailabilityQuery, timeZone: string): { from: Date; to: Date } {
  const edge = (date: string, days: number) =>
    new Date(
      Temporal.PlainDate.from(date).add({ days }).toZonedDateTime(timeZone).epochMilliseconds,
    );
  return { from: edge(query.from, -1), to: edge(query.to, 2) };
}
