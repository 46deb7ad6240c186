import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  type DocumentRow,
  doctors,
  documents,
  locations,
  patients,
} from '../../db/schema/index.js';

export type NewDocument = typeof documents.$inferInsert;

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
}

/**
 * The few existence checks on other modules' tables this module needs (doctor, patient,
 * location). Reports are the results module's: read through its face (`reportAccess`).
 */
export class ReferenceRepository {
  constructor(private readonly db: Executor) {}

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
