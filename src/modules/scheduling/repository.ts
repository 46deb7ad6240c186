import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  bookings,
  diagnosticLocations,
  diagnostics,
  doctors,
  locations,
  workingHours,
} from '../../db/schema/index.js';
import type { WorkingInterval } from '../locations/working-hours.js';

/** What the slot engine needs to know about a bookable resource. */
export interface Bookable {
  timeZone: string;
  locationId: string;
  slotMinutes: number;
  capacity: number;
  /** Price now, in the location's currency: a booking copies both. */
  price: string;
  currency: string;
  /** For a diagnostic location, the diagnostic it offers; null for a doctor. */
  diagnosticId: string | null;
}

const TAKEN = ['booked', 'checked_in', 'completed'] as const;
// The statuses of the exclusion constraints' partial indexes, stated so the planner uses them.
const ACTIVE = ['held', ...TAKEN] as const;

export class SchedulingRepository {
  constructor(private readonly db: Executor) {}

  /** An active doctor at an active location, with its appointment length; else null. */
  async doctor(id: string): Promise<Bookable | null> {
    const [row] = await this.db
      .select({
        timeZone: locations.timeZone,
        locationId: locations.id,
        slotMinutes: doctors.appointmentMinutes,
        price: doctors.price,
        currency: locations.currency,
      })
      .from(doctors)
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(and(eq(doctors.id, id), eq(doctors.active, true), eq(locations.active, true)));
    return row ? { ...row, capacity: 1, diagnosticId: null } : null;
  }

  /** An active offering of an active diagnostic at an active location; else null. */
  async diagnosticLocation(id: string): Promise<Bookable | null> {
    const [row] = await this.db
      .select({
        timeZone: locations.timeZone,
        locationId: locations.id,
        slotMinutes: diagnostics.durationMinutes,
        capacity: diagnosticLocations.capacity,
        price: diagnosticLocations.price,
        currency: locations.currency,
        diagnosticId: diagnosticLocations.diagnosticId,
      })
      .from(diagnosticLocations)
      .innerJoin(diagnostics, eq(diagnostics.id, diagnosticLocations.diagnosticId))
      .innerJoin(locations, eq(locations.id, diagnosticLocations.locationId))
      .where(
        and(
          eq(diagnosticLocations.id, id),
          eq(diagnosticLocations.active, true),
          eq(diagnostics.active, true),
          eq(locations.active, true),
        ),
      );
    return row ?? null;
  }

  workingHours(locationId: string): Promise<WorkingInterval[]> {
    return this.db
      .select({
        weekday: workingHours.weekday,
        opensAt: sql<string>`to_char(${workingHours.opensAt}, 'HH24:MI')`,
        closesAt: sql<string>`to_char(${workingHours.closesAt}, 'HH24:MI')`,
      })
      .from(workingHours)
      .where(eq(workingHours.locationId, locationId));
  }

  /**
   * Taken time of a doctor or a diagnostic location within [from, to): bookings in a taken
   * status and holds that have not expired. The range test matches the exclusion constraints'
   * GiST indexes, so only the window is read however many bookings exist.
   */
  busy(
    subject: { doctorId: string } | { diagnosticLocationId: string },
    window: { from: Date; to: Date },
    now: Date,
  ) {
    const owner =
      'doctorId' in subject
        ? eq(bookings.doctorId, subject.doctorId)
        : eq(bookings.diagnosticLocationId, subject.diagnosticLocationId);
    return this.db
      .select({ startAt: bookings.startAt, endAt: bookings.endAt })
      .from(bookings)
      .where(
        and(
          owner,
          inArray(bookings.status, [...ACTIVE]),
          // Instants as text with a cast: postgres.js sends no Date that a column does not map.
          sql`tstzrange(${bookings.startAt}, ${bookings.endAt}, '[)') && tstzrange(${window.from.toISOString()}::timestamptz, ${window.to.toISOString()}::timestamptz, '[)')`,
          or(
            inArray(bookings.status, [...TAKEN]),
            and(eq(bookings.status, 'held'), gt(bookings.holdExpiresAt, now)),
          ),
        ),
      );
  }
}
