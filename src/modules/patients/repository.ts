import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type PatientRow, patients } from '../../db/schema.js';

export type NewPatient = typeof patients.$inferInsert;
export type PatientChanges = Partial<
  Pick<NewPatient, 'fullName' | 'dateOfBirth' | 'sex' | 'phone' | 'email'>
>;

export class PatientRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<PatientRow | null> {
    const [row] = await this.db.select().from(patients).where(eq(patients.id, id));
    return row ?? null;
  }

  async create(input: NewPatient): Promise<PatientRow> {
    const [row] = await this.db.insert(patients).values(input).returning();
    return row!;
  }

  async update(id: string, changes: PatientChanges): Promise<PatientRow | null> {
    const [row] = await this.db
      .update(patients)
      .set(changes)
      .where(eq(patients.id, id))
      .returning();
    return row ?? null;
  }
}
