import type { BookingStatus } from '@medsync/contracts';
import { and, asc, eq, getTableColumns, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { utcInstantText } from '../../db/fragments.js';
import { effectiveStatusAt } from '../../db/occupancy.js';
import {
  bookings,
  diagnosticLocations,
  doctors,
  locations,
  patients,
} from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';
import type { BookingRecord } from './present.js';

/** A listed booking with its keyset position: the start as UTC text, to the microsecond. */
export type ListedBooking = BookingRecord & { startKey: string };

/** A listed booking with its patient's name, as the patients table holds it (a day's lists). */
export type NamedBooking = ListedBooking & { patientName: string };

export interface BookingFilter {
  /** Any of these statuses; none given lists every status but `expired`. */
  statuses?: readonly BookingStatus[] | undefined;
  /** Starting at or after. */
  from?: Date | undefined;
  /** Starting before. */
  to?: Date | undefined;
  patientId?: string | undefined;
  doctorId?: string | undefined;
  locationId?: string | undefined;
  diagnosticLocationId?: string | undefined;
  limit: number;
}

/** A start key as `startKey` writes it: the cursor's value must parse as this before SQL sees it. */
export const START_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const record = {
  ...getTableColumns(bookings),
  timeZone: locations.timeZone,
  diagnosticId: diagnosticLocations.diagnosticId,
};

const effectiveStatus = (now: Date) => effectiveStatusAt<BookingStatus>(now);

/** Reads of bookings with what their responses need: the location's zone, the diagnostic. */
export class BookingReadRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<BookingRecord | null> {
    const [row] = await this.db
      .select(record)
      .from(bookings)
      .innerJoin(locations, eq(locations.id, bookings.locationId))
      .leftJoin(diagnosticLocations, eq(diagnosticLocations.id, bookings.diagnosticLocationId))
      .where(eq(bookings.id, id));
    return row ?? null;
  }

  /**
   * Rows within `scope` (the caller's object rule) by start then id; fetches `limit + 1`.
   * `{ patientNames: true }` joins the patients table for each row's patient's name, in the same
   * query (the day lists show names, and must not read each patient on its own).
   */
  list(
    scope: SQL,
    filter: BookingFilter,
    after: Position | null,
    now: Date,
  ): Promise<ListedBooking[]>;
  list(
    scope: SQL,
    filter: BookingFilter,
    after: Position | null,
    now: Date,
    options: { patientNames: true },
  ): Promise<NamedBooking[]>;
  list(
    scope: SQL,
    filter: BookingFilter,
    after: Position | null,
    now: Date,
    options?: { patientNames: true },
  ): Promise<ListedBooking[] | NamedBooking[]> {
    const status = effectiveStatus(now);
    const conditions: (SQL | undefined)[] = [
      scope,
      filter.statuses?.length ? inArray(status, [...filter.statuses]) : ne(status, 'expired'),
      filter.from && gte(bookings.startAt, filter.from),
      filter.to && lt(bookings.startAt, filter.to),
      filter.patientId ? eq(bookings.patientId, filter.patientId) : undefined,
      filter.doctorId ? eq(bookings.doctorId, filter.doctorId) : undefined,
      filter.locationId ? eq(bookings.locationId, filter.locationId) : undefined,
      filter.diagnosticLocationId
        ? eq(bookings.diagnosticLocationId, filter.diagnosticLocationId)
        : undefined,
      after
        ? sql`(${bookings.startAt}, ${bookings.id}) > (${after.value}::timestamptz, ${after.id}::uuid)`
        : undefined,
    ];
    const names = options?.patientNames === true;
    const query = this.db
      .select({
        ...record,
        startKey: utcInstantText(bookings.startAt),
        ...(names ? { patientName: patients.fullName } : {}),
      })
      .from(bookings)
      .innerJoin(locations, eq(locations.id, bookings.locationId))
      .leftJoin(diagnosticLocations, eq(diagnosticLocations.id, bookings.diagnosticLocationId))
      .$dynamic();
    const joined = names ? query.innerJoin(patients, eq(patients.id, bookings.patientId)) : query;
    return joined
      .where(and(...conditions))
      .orderBy(asc(bookings.startAt), asc(bookings.id))
      .limit(filter.limit + 1);
  }

  /** Where a doctor works and that location's zone; null for an unknown doctor. */
  async doctorLocation(doctorId: string): Promise<{ locationId: string; timeZone: string } | null> {
    const [row] = await this.db
      .select({ locationId: locations.id, timeZone: locations.timeZone })
      .from(doctors)
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(eq(doctors.id, doctorId));
    return row ?? null;
  }

  async locationZone(locationId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ timeZone: locations.timeZone })
      .from(locations)
      .where(eq(locations.id, locationId));
    return row?.timeZone ?? null;
  }
}
