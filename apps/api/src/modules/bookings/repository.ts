import type { BookingStatus } from '@medsync/contracts';
import { and, count, eq, gt, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  inStatusesAt,
  lapsedHold,
  liveHold,
  OCCUPYING_STATUSES,
  overlapsPeriod,
} from '../../db/occupancy.js';
import {
  type BookingRow,
  bookings,
  diagnosticLocations,
  doctors,
  patients,
} from '../../db/schema/index.js';
import type { BookableRef } from '../availability/index.js';

/** A half-open time range [startAt, endAt). */
export interface Period {
  startAt: Date;
  endAt: Date;
}

const bookingsOf = (bookable: BookableRef): SQL =>
  'doctorId' in bookable
    ? eq(bookings.doctorId, bookable.doctorId)
    : eq(bookings.diagnosticLocationId, bookable.diagnosticLocationId);

const overlaps = (period: Period): SQL => overlapsPeriod(period.startAt, period.endAt);

/** The advisory lock key of a patient's or a bookable's bookings (shared by every writer). */
export const lockKey = (whose: BookableRef | { patientId: string }): string =>
  'patientId' in whose
    ? `patient:${whose.patientId}`
    : 'doctorId' in whose
      ? `doctor:${whose.doctorId}`
      : `diagnostic-location:${whose.diagnosticLocationId}`;

/**
 * The write side of bookings: locks, hold release, the cap, capacity units, insert, updates.
 * Reads of a booking with its zone are `BookingReadRepository.get`, within the same `tx`.
 */
export class BookingWrites {
  constructor(private readonly db: Executor) {}

  /**
   * Serializes writers of one patient and of one bookable until the transaction ends: the
   * patient first, then the bookable, always in this order so that writers never wait in a
   * cycle. Two statements, because the order of calls within one select list is not defined.
   */
  async lock(patientId: string, bookable: BookableRef): Promise<void> {
    for (const key of [lockKey({ patientId }), lockKey(bookable)]) {
      await this.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`);
    }
  }

  /** Whether the patient's account was erased: an erased patient is booked no more. */
  async patientErased(patientId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ erasedAt: patients.erasedAt })
      .from(patients)
      .where(eq(patients.id, patientId));
    return row?.erasedAt != null;
  }

  /** The location a doctor or diagnostic location belongs to, active or not; else null. */
  async bookableLocation(bookable: BookableRef): Promise<string | null> {
    const [row] =
      'doctorId' in bookable
        ? await this.db
            .select({ locationId: doctors.locationId })
            .from(doctors)
            .where(eq(doctors.id, bookable.doctorId))
        : await this.db
            .select({ locationId: diagnosticLocations.locationId })
            .from(diagnosticLocations)
            .where(eq(diagnosticLocations.id, bookable.diagnosticLocationId));
    return row?.locationId ?? null;
  }

  /**
   * Releases (status `expired`) the holds past their expiry that overlap `period` for this
   * patient or this bookable: they no longer hold the time, but the constraints still count
   * them until released. Returns how many were released.
   */
  async releaseExpiredHolds(
    patientId: string,
    bookable: BookableRef,
    period: Period,
    now: Date,
  ): Promise<number> {
    const released = await this.db
      .update(bookings)
      .set({ status: 'expired', holdExpiresAt: null, version: sql`${bookings.version} + 1` })
      .where(
        and(
          lapsedHold(now),
          overlaps(period),
          or(eq(bookings.patientId, patientId), bookingsOf(bookable)),
        ),
      )
      .returning({ id: bookings.id });
    return released.length;
  }

  /** The patient's future bookings and live holds: what the per-patient cap counts. */
  async activeFutureCount(patientId: string, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(bookings)
      .where(
        and(
          eq(bookings.patientId, patientId),
          gt(bookings.startAt, now),
          inStatusesAt(['held', 'booked'], now),
        ),
      );
    return row?.n ?? 0;
  }

  /** Capacity units of a diagnostic location taken by active rows overlapping `period`. */
  async takenUnits(diagnosticLocationId: string, period: Period, except?: string) {
    const rows = await this.db
      .select({ unit: bookings.capacityUnit })
      .from(bookings)
      .where(
        and(
          eq(bookings.diagnosticLocationId, diagnosticLocationId),
          inArray(bookings.status, [...OCCUPYING_STATUSES]),
          overlaps(period),
          except ? ne(bookings.id, except) : undefined,
        ),
      );
    return rows.flatMap((r) => (r.unit === null ? [] : [r.unit]));
  }

  async insert(values: typeof bookings.$inferInsert): Promise<BookingRow> {
    const [row] = await this.db.insert(bookings).values(values).returning();
    return row!;
  }

  /** Books a live hold read at `version`; null if it changed, is no hold or has expired. */
  async confirm(id: string, version: number, now: Date): Promise<BookingRow | null> {
    const [row] = await this.db
      .update(bookings)
      .set({ status: 'booked', holdExpiresAt: null, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.id, id), eq(bookings.version, version), liveHold(now)))
      .returning();
    return row ?? null;
  }

  /** Marks a hold expired (whatever its version: expiry is not the caller's change). */
  async expireHold(id: string): Promise<void> {
    await this.db
      .update(bookings)
      .set({ status: 'expired', holdExpiresAt: null, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.id, id), eq(bookings.status, 'held')));
  }

  /** Moves a booking read at `version` to another period; null if it changed or is not booked. */
  async move(
    id: string,
    version: number,
    to: Period & { locationId: string; capacityUnit: number | null },
  ): Promise<BookingRow | null> {
    const [row] = await this.db
      .update(bookings)
      .set({ ...to, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.id, id), eq(bookings.version, version), eq(bookings.status, 'booked')))
      .returning();
    return row ?? null;
  }

  /**
   * The compare-and-swap of a status change: true when the row was at `version` and met `guard`
   * (the caller's scope, the statuses it may leave, timing), and has now moved to `to`.
   */
  async swapStatus(id: string, version: number, to: BookingStatus, guard: SQL): Promise<boolean> {
    const rows = await this.db
      .update(bookings)
      .set({ status: to, holdExpiresAt: null, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.id, id), eq(bookings.version, version), guard))
      .returning({ id: bookings.id });
    return rows.length === 1;
  }
}
