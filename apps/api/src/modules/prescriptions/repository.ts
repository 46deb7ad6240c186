import type { PrescriptionStatus } from '@medsync/contracts';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lt,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { bookings, locations, prescriptions } from '../../db/schema/index.js';
import type { PrescriptionRecord } from './present.js';

const p = prescriptions;
const authorised = sql`(${p.quantity} * (1 + ${p.repeats}))`;
// Nothing is dispensed before the pharmacy exists: it will sum its dispensations of the lineage here.
const dispensed = sql`0::numeric`;

const record = {
  ...getTableColumns(prescriptions),
  timeZone: locations.timeZone,
  quantityText: sql<string>`trim_scale(${p.quantity})::text`,
  authorisedTotal: sql<string>`trim_scale(${authorised})::text`,
  dispensedTotal: sql<string>`trim_scale(${dispensed})::text`,
  remaining: sql<string>`trim_scale(${authorised} - ${dispensed})::text`,
  visitStartAt: bookings.startAt,
};

/** The booking a prescription is written in, with what the rules need. */
export interface Visit {
  id: string;
  patientId: string;
  doctorId: string | null;
  locationId: string;
  status: string;
  startAt: Date;
  timeZone: string;
}

export type NewPrescription = typeof prescriptions.$inferInsert;

export interface PatientPrescriptionFilter {
  statuses?: readonly PrescriptionStatus[] | undefined;
  /** Lineages before this one (newest first). */
  before?: string | undefined;
  limit: number;
}

/** Reads and appends of prescription revisions; rows are never changed but for retiring one. */
export class PrescriptionRepository {
  constructor(private readonly db: Executor) {}

  /** The booking, locked against concurrent writers of its prescriptions when `lock` says so. */
  async visit(bookingId: string, lock = false): Promise<Visit | null> {
    const query = this.db
      .select({
        id: bookings.id,
        patientId: bookings.patientId,
        doctorId: bookings.doctorId,
        locationId: bookings.locationId,
        status: bookings.status,
        startAt: bookings.startAt,
        timeZone: locations.timeZone,
      })
      .from(bookings)
      .innerJoin(locations, eq(locations.id, bookings.locationId))
      .where(eq(bookings.id, bookingId));
    const [row] = await (lock ? query.for('update', { of: bookings }) : query);
    return row ?? null;
  }

  async countForBooking(bookingId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(p)
      .where(and(eq(p.bookingId, bookingId), isNull(p.supersededAt)));
    return row?.n ?? 0;
  }

  async insert(values: NewPrescription): Promise<PrescriptionRecord> {
    const [inserted] = await this.db.insert(p).values(values).returning({ id: p.id });
    return (await this.rows(eq(p.id, inserted!.id)))[0]!;
  }

  /** The current revision of a prescription (by its lineage id). */
  async current(lineageId: string): Promise<PrescriptionRecord | null> {
    const [row] = await this.rows(and(eq(p.lineageId, lineageId), isNull(p.supersededAt)));
    return row ?? null;
  }

  /** Retires a current revision; false when another writer has retired it first. */
  async retire(id: string, at: Date): Promise<boolean> {
    const retired = await this.db
      .update(p)
      .set({ supersededAt: at })
      .where(and(eq(p.id, id), isNull(p.supersededAt)))
      .returning({ id: p.id });
    return retired.length === 1;
  }

  /** Every revision of a prescription, oldest first. */
  history(lineageId: string): Promise<PrescriptionRecord[]> {
    return this.rows(eq(p.lineageId, lineageId), asc(p.revision));
  }

  /** The current revisions of a booking's prescriptions, oldest prescription first. */
  currentForBooking(bookingId: string): Promise<PrescriptionRecord[]> {
    return this.rows(and(eq(p.bookingId, bookingId), isNull(p.supersededAt)), asc(p.lineageId));
  }

  /** One page of a patient's prescriptions (current revisions), newest first; `limit + 1` rows. */
  currentForPatient(
    patientId: string,
    filter: PatientPrescriptionFilter,
  ): Promise<PrescriptionRecord[]> {
    const where = and(
      eq(p.patientId, patientId),
      isNull(p.supersededAt),
      filter.statuses ? inArray(p.status, [...filter.statuses]) : undefined,
      filter.before ? lt(p.lineageId, filter.before) : undefined,
    );
    return this.rows(where, desc(p.lineageId), filter.limit + 1);
  }

  /** All of a patient's prescriptions (current revisions), newest first: one query. */
  allCurrentForPatient(patientId: string): Promise<PrescriptionRecord[]> {
    return this.rows(and(eq(p.patientId, patientId), isNull(p.supersededAt)), desc(p.lineageId));
  }

  private rows(
    where: SQL | undefined,
    order: SQL = asc(p.revision),
    limit?: number,
  ): Promise<PrescriptionRecord[]> {
    const query = this.db
      .select(record)
      .from(p)
      .innerJoin(locations, eq(locations.id, p.locationId))
      .innerJoin(bookings, eq(bookings.id, p.bookingId))
      .where(where)
      .orderBy(order);
    return limit === undefined ? query : query.limit(limit);
  }
}
