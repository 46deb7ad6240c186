import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  type DocumentRow,
  diagnosticReports,
  doctors,
  documents,
  locations,
  patients,
} from '../../db/schema/index.js';

export type NewDocument = typeof documents.$inferInsert;

/** What the object rules need of a report: its current revision's owner, place and release. */
export interface ReportAccessRow {
  lineageId: string;
  patientId: string;
  locationId: string;
  orderingDoctorId: string | null;
  releasedAt: Date | null;
}

/** Documents' rows: one query per method, no rules. */
export class DocumentRepository {
  constructor(private readonly db: Executor) {}

  async create(row: NewDocument): Promise<DocumentRow> {
    const [created] = await this.db.insert(documents).values(row).returning();
    return created!;
  }

  async get(id: string): Promise<DocumentRow | null> {
    const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
    return row ?? null;
  }

  /** The current (not retired) photo of a doctor. */
  async currentPhotoOf(doctorId: string): Promise<DocumentRow | null> {
    const [row] = await this.db
      .select()
      .from(documents)
      .where(
        and(
          eq(documents.doctorId, doctorId),
          eq(documents.kind, 'doctor-photo'),
          isNull(documents.retiredAt),
        ),
      );
    return row ?? null;
  }

  /** Retires a doctor's current photo (the guard lets `retired_at` be set once). */
  async retirePhotoOf(doctorId: string, at: Date): Promise<void> {
    await this.db
      .update(documents)
      .set({ retiredAt: at })
      .where(
        and(
          eq(documents.doctorId, doctorId),
          eq(documents.kind, 'doctor-photo'),
          isNull(documents.retiredAt),
        ),
      );
  }

  /** The documents of many reports (lineage ids) in one query, oldest first. */
  forReports(reportIds: readonly string[]): Promise<DocumentRow[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(documents)
      .where(and(inArray(documents.reportId, [...reportIds]), eq(documents.kind, 'report')))
      .orderBy(asc(documents.createdAt), asc(documents.id));
  }
}

/**
 * The few reads of other modules' tables this module needs. Reports are the results module's:
 * this reads their current revision directly until its face offers the same.
 */
export class ReferenceRepository {
  constructor(private readonly db: Executor) {}

  async currentReport(lineageId: string): Promise<ReportAccessRow | null> {
    const [row] = await this.db
      .select({
        lineageId: diagnosticReports.lineageId,
        patientId: diagnosticReports.patientId,
        locationId: diagnosticReports.locationId,
        orderingDoctorId: diagnosticReports.orderingDoctorId,
        releasedAt: diagnosticReports.releasedAt,
      })
      .from(diagnosticReports)
      .where(
        and(eq(diagnosticReports.lineageId, lineageId), isNull(diagnosticReports.supersededAt)),
      );
    return row ?? null;
  }

  async doctorExists(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, id));
    return row !== undefined;
  }

  /** Whether the patient and the location an import names exist. */
  async importReferencesExist(refs: {
    patientId: string;
    locationId: string;
  }): Promise<{ patient: boolean; location: boolean }> {
    const [row] = await this.db
      .select({
        patient: sql<boolean>`exists (select 1 from ${patients} where ${patients.id} = ${refs.patientId})`,
        location: sql<boolean>`exists (select 1 from ${locations} where ${locations.id} = ${refs.locationId})`,
      })
      .from(sql`(select 1) as one`);
    return row ?? { patient: false, location: false };
  }
}
