import { and, asc, desc, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  bookings,
  type DiagnosticReportRow,
  diagnosticReports,
  documents,
  locations,
  type ObservationRow,
  observations,
  patients,
} from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

/**
 * A report revision with what its view needs: the location's zone and the booking's start
 * (null for an imported report, which has its `resultDate` instead: see `effectiveInstant`).
 */
export interface ReportRecord extends DiagnosticReportRow {
  timeZone: string;
  bookingStartAt: Date | null;
}

/** Who a report is about, for choosing reference ranges: the patient's sex and birth date. */
export interface ReportSubject {
  sex: string;
  dateOfBirth: string;
}

/** What another module's access rule needs of a report: its current owner, place and release. */
export interface ReportAccess {
  lineageId: string;
  patientId: string;
  locationId: string;
  orderingDoctorId: string | null;
  releasedAt: Date | null;
}

/** A booking as a report is written for it: where, whose, when, and the patient's sex and birth. */
export interface ReportableBooking {
  id: string;
  patientId: string;
  locationId: string;
  doctorId: string | null;
  status: string;
  startAt: Date;
  timeZone: string;
  sex: string;
  dateOfBirth: string;
}

/** A report revision with its patient's name, as the patients table holds it (the critical list). */
export type NamedReportRecord = ReportRecord & { patientName: string };

export type NewReport = typeof diagnosticReports.$inferInsert;
export type NewObservation = typeof observations.$inferInsert;

export interface DocumentMeta {
  id: string;
  reportId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  createdAt: Date;
}

const record = {
  ...getTableColumns(diagnosticReports),
  timeZone: locations.timeZone,
  bookingStartAt: bookings.startAt,
};

/** The current revision is the one no later revision has superseded. */
export const current = isNull(diagnosticReports.supersededAt);
export const released = sql`${diagnosticReports.releasedAt} IS NOT NULL`;
/** A current, not voided revision with an `LL` or `HH` value nobody has acknowledged yet. */
export const unacknowledgedCritical = and(
  current,
  isNull(diagnosticReports.criticalAcknowledgedAt),
  sql`${diagnosticReports.status} <> 'entered-in-error'`,
  sql`exists (select 1 from ${observations} where ${observations.reportId} = ${diagnosticReports.id}
    and ${observations.interpretation} in ('LL', 'HH'))`,
) as SQL;

/** Reports and observations: one query per method, no rules. */
export class ResultRepository {
  constructor(private readonly db: Executor) {}

  async booking(id: string): Promise<ReportableBooking | null> {
    const [row] = await this.db
      .select({
        id: bookings.id,
        patientId: bookings.patientId,
        locationId: bookings.locationId,
        doctorId: bookings.doctorId,
        status: bookings.status,
        startAt: bookings.startAt,
        timeZone: locations.timeZone,
        sex: patients.sex,
        dateOfBirth: patients.dateOfBirth,
      })
      .from(bookings)
      .innerJoin(locations, eq(locations.id, bookings.locationId))
      .innerJoin(patients, eq(patients.id, bookings.patientId))
      .where(eq(bookings.id, id));
    return row ?? null;
  }

  async subject(patientId: string): Promise<ReportSubject | null> {
    const [row] = await this.db
      .select({ sex: patients.sex, dateOfBirth: patients.dateOfBirth })
      .from(patients)
      .where(eq(patients.id, patientId));
    return row ?? null;
  }

  async access(lineageId: string): Promise<ReportAccess | null> {
    const [row] = await this.db
      .select({
        lineageId: diagnosticReports.lineageId,
        patientId: diagnosticReports.patientId,
        locationId: diagnosticReports.locationId,
        orderingDoctorId: diagnosticReports.orderingDoctorId,
        releasedAt: diagnosticReports.releasedAt,
      })
      .from(diagnosticReports)
      .where(and(eq(diagnosticReports.lineageId, lineageId), current));
    return row ?? null;
  }

  /** Revisions of a lineage, oldest first; `onlyCurrent` keeps the current one alone. */
  revisions(lineageId: string, onlyCurrent = false): Promise<ReportRecord[]> {
    return this.select()
      .where(and(eq(diagnosticReports.lineageId, lineageId), onlyCurrent ? current : undefined))
      .orderBy(asc(diagnosticReports.revision));
  }

  /**
   * Current revisions matching `where`, newest report first (by lineage id, a UUIDv7).
   * `{ patientNames: true }` joins the patients table for each report's patient's name, in the
   * same query (the critical list shows names, and must not read each patient on its own).
   */
  list(where: SQL, after: Position | null, limit?: number): Promise<ReportRecord[]>;
  list(
    where: SQL,
    after: Position | null,
    limit: number,
    options: { patientNames: true },
  ): Promise<NamedReportRecord[]>;
  list(
    where: SQL,
    after: Position | null,
    limit?: number,
    options?: { patientNames: true },
  ): Promise<ReportRecord[] | NamedReportRecord[]> {
    const query = this.select(options?.patientNames === true)
      .where(
        and(
          current,
          where,
          after ? sql`${diagnosticReports.lineageId} < ${after.value}::uuid` : undefined,
        ),
      )
      .orderBy(desc(diagnosticReports.lineageId));
    return limit === undefined ? query : query.limit(limit);
  }

  async insert(report: NewReport, rows: NewObservation[]): Promise<DiagnosticReportRow> {
    const [row] = await this.db.insert(diagnosticReports).values(report).returning();
    if (rows.length > 0) await this.db.insert(observations).values(rows);
    return row!;
  }

  /**
   * Retires the current revision, if it is still current and still as released as when read:
   * false when a concurrent revision or release got there first.
   */
  async supersede(id: string, wasReleased: boolean, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(diagnosticReports)
      .set({ supersededAt: at })
      .where(
        and(
          eq(diagnosticReports.id, id),
          current,
          wasReleased ? released : isNull(diagnosticReports.releasedAt),
        ),
      )
      .returning({ id: diagnosticReports.id });
    return rows.length === 1;
  }

  async release(id: string, by: string, at: Date): Promise<DiagnosticReportRow | null> {
    const [row] = await this.db
      .update(diagnosticReports)
      .set({ releasedAt: at, releasedBy: by })
      .where(and(eq(diagnosticReports.id, id), current, isNull(diagnosticReports.releasedAt)))
      .returning();
    return row ?? null;
  }

  async acknowledge(id: string, by: string, at: Date): Promise<DiagnosticReportRow | null> {
    const [row] = await this.db
      .update(diagnosticReports)
      .set({ criticalAcknowledgedAt: at, criticalAcknowledgedBy: by })
      .where(
        and(
          eq(diagnosticReports.id, id),
          current,
          isNull(diagnosticReports.criticalAcknowledgedAt),
        ),
      )
      .returning();
    return row ?? null;
  }

  /** The observations of these revisions, in their order. */
  observationsOf(reportIds: readonly string[]): Promise<ObservationRow[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(observations)
      .where(inArray(observations.reportId, [...reportIds]))
      .orderBy(asc(observations.reportId), asc(observations.position));
  }

  /** The documents attached to these reports (by lineage id), oldest first: metadata only. */
  documentsOf(lineageIds: readonly string[]): Promise<DocumentMeta[]> {
    if (lineageIds.length === 0) return Promise.resolve([]);
    return this.db
      .select({
        id: documents.id,
        reportId: sql<string>`${documents.reportId}`,
        fileName: documents.fileName,
        contentType: documents.contentType,
        byteSize: documents.byteSize,
        createdAt: documents.createdAt,
      })
      .from(documents)
      .where(
        and(
          inArray(documents.reportId, [...lineageIds]),
          eq(documents.kind, 'report'),
          isNull(documents.retiredAt),
        ),
      )
      .orderBy(asc(documents.createdAt), asc(documents.id));
  }

  private select(patientNames = false) {
    const query = this.db
      .select({ ...record, ...(patientNames ? { patientName: patients.fullName } : {}) })
      .from(diagnosticReports)
      // Left: an imported report has no booking.
      .leftJoin(bookings, eq(bookings.id, diagnosticReports.bookingId))
      .innerJoin(locations, eq(locations.id, diagnosticReports.locationId))
      .$dynamic();
    return patientNames
      ? query.innerJoin(patients, eq(patients.id, diagnosticReports.patientId))
      : query;
  }
}
