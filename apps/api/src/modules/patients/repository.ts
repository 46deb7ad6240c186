import type { ListPatientsInput } from '@medsync/contracts';
import { and, asc, eq, ilike, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containsPattern } from '../../db/filters.js';
import { type PatientRow, patients } from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

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

  /** Changes a profile that was not erased; null if there is none such. */
  async update(id: string, changes: PatientChanges): Promise<PatientRow | null> {
    const [row] = await this.db
      .update(patients)
      .set(changes)
      .where(and(eq(patients.id, id), isNull(patients.erasedAt)))
      .returning();
    return row ?? null;
  }

  async isErased(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ erasedAt: patients.erasedAt })
      .from(patients)
      .where(eq(patients.id, id));
    return row?.erasedAt != null;
  }

  /** Rows within `scope` (the caller's object rule), by name then id; fetches `limit + 1`. */
  list(scope: SQL, filter: ListPatientsInput, after: Position | null): Promise<PatientRow[]> {
    const conditions: (SQL | undefined)[] = [scope];
    if (filter.q) conditions.push(ilike(patients.fullName, containsPattern(filter.q)));
    if (filter.dateOfBirth) conditions.push(eq(patients.dateOfBirth, filter.dateOfBirth));
    if (after) {
      conditions.push(
        sql`(${patients.fullName}, ${patients.id}) > (${after.value}, ${after.id}::uuid)`,
      );
    }
    return this.db
      .select()
      .from(patients)
      .where(and(...conditions))
      .orderBy(asc(patients.fullName), asc(patients.id))
      .limit(filter.limit + 1);
  }
}
