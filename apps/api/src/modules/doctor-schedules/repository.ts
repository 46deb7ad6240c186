import { and, asc, eq, gte, isNotNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { instantParam as instant, localTimeText } from '../../db/fragments.js';
import { inStatusesAt, overlapsPeriod } from '../../db/occupancy.js';
import {
  bookings,
  doctorExtraHours,
  doctors,
  doctorTimeOff,
  doctorWorkingHours,
  locations,
  workingHours,
} from '../../db/schema/index.js';
import type { WorkingInterval } from '../locations/index.js';

/** What the object rule and the rules of a schedule need to know about a doctor. */
export interface ScheduledDoctor {
  id: string;
  locationId: string;
  timeZone: string;
}

export type TimeOffRow = typeof doctorTimeOff.$inferSelect;
export type NewTimeOff = Omit<typeof doctorTimeOff.$inferInsert, 'id' | 'createdAt'>;
export type ExtraHoursRow = typeof doctorExtraHours.$inferSelect;
export type NewExtraHours = Omit<typeof doctorExtraHours.$inferInsert, 'id' | 'createdAt'>;

/**
 * Bookings a schedule change conflicts with: those staff still have to move or cancel. A
 * completed visit occupies its time too, but is over: reporting it would ask for a rebooking
 * nobody can make.
 */
const CONFLICTING = ['held', 'booked', 'checked_in'] as const;

export class ScheduleRepository {
  constructor(private readonly db: Executor) {}

  /** The doctor (active or not) with their location's zone; locked when `lock` is set. */
  async doctor(id: string, lock = false): Promise<ScheduledDoctor | null> {
    const query = this.db
      .select({ id: doctors.id, locationId: doctors.locationId, timeZone: locations.timeZone })
      .from(doctors)
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(eq(doctors.id, id));
    const [row] = lock ? await query.for('update', { of: doctors }) : await query;
    return row ?? null;
  }

  locationHours(locationId: string): Promise<WorkingInterval[]> {
    return this.db
      .select({
        weekday: workingHours.weekday,
        opensAt: localTimeText(workingHours.opensAt),
        closesAt: localTimeText(workingHours.closesAt),
      })
      .from(workingHours)
      .where(eq(workingHours.locationId, locationId));
  }

  doctorHours(doctorId: string): Promise<WorkingInterval[]> {
    return this.db
      .select({
        weekday: doctorWorkingHours.weekday,
        opensAt: localTimeText(doctorWorkingHours.opensAt),
        closesAt: localTimeText(doctorWorkingHours.closesAt),
      })
      .from(doctorWorkingHours)
      .where(eq(doctorWorkingHours.doctorId, doctorId));
  }

  async replaceDoctorHours(doctorId: string, intervals: readonly WorkingInterval[]): Promise<void> {
    await this.db.delete(doctorWorkingHours).where(eq(doctorWorkingHours.doctorId, doctorId));
    if (intervals.length === 0) return;
    await this.db.insert(doctorWorkingHours).values(
      intervals.map(({ weekday, opensAt, closesAt }) => ({
        doctorId,
        weekday,
        opensAt,
        closesAt,
      })),
    );
  }

  /** Time off ending on or after the local date `from`, which starts at the instant `fromAt`. */
  listTimeOff(doctorId: string, from: string, fromAt: Date): Promise<TimeOffRow[]> {
    const t = doctorTimeOff;
    return this.db
      .select()
      .from(t)
      .where(
        and(
          eq(t.doctorId, doctorId),
          or(
            and(isNotNull(t.endsOn), gte(t.endsOn, from)),
            and(isNotNull(t.endsAt), sql`${t.endsAt} > ${instant(fromAt)}`),
          ),
        ),
      )
      .orderBy(asc(t.id));
  }

  async createTimeOff(values: NewTimeOff): Promise<TimeOffRow> {
    const [row] = await this.db.insert(doctorTimeOff).values(values).returning();
    return row!;
  }

  async deleteTimeOff(doctorId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(doctorTimeOff)
      .where(and(eq(doctorTimeOff.id, id), eq(doctorTimeOff.doctorId, doctorId)))
      .returning({ id: doctorTimeOff.id });
    return rows.length > 0;
  }

  listExtraHours(doctorId: string, from: string): Promise<ExtraHoursRow[]> {
    const e = doctorExtraHours;
    return this.db
      .select({
        id: e.id,
        doctorId: e.doctorId,
        date: e.date,
        opensAt: localTimeText(e.opensAt),
        closesAt: localTimeText(e.closesAt),
        createdAt: e.createdAt,
      })
      .from(e)
      .where(and(eq(e.doctorId, doctorId), gte(e.date, from)))
      .orderBy(asc(e.date), asc(e.opensAt), asc(e.id));
  }

  async createExtraHours(values: NewExtraHours): Promise<ExtraHoursRow> {
    const [row] = await this.db.insert(doctorExtraHours).values(values).returning();
    return row!;
  }

  async deleteExtraHours(doctorId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(doctorExtraHours)
      .where(and(eq(doctorExtraHours.id, id), eq(doctorExtraHours.doctorId, doctorId)))
      .returning({ id: doctorExtraHours.id });
    return rows.length > 0;
  }

  /** The doctor's bookings a schedule change over [from, to) conflicts with (CONFLICTING). */
  async countConflictingBookings(
    doctorId: string,
    window: { from: Date; to: Date },
    now: Date,
  ): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(bookings)
      .where(
        and(
          eq(bookings.doctorId, doctorId),
          inStatusesAt(CONFLICTING, now),
          overlapsPeriod(window.from, window.to),
        ),
      );
    return row?.n ?? 0;
  }
}
