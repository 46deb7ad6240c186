import type {
  CreateSpecialtyInput,
  ListSpecialtiesInput,
  UpdateSpecialtyInput,
} from '@medsync/contracts';
import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { activeCondition, containsPattern } from '../../db/filters.js';
import { type SpecialtyRow, specialties } from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

export class SpecialtyRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<SpecialtyRow | null> {
    const [row] = await this.db.select().from(specialties).where(eq(specialties.id, id));
    return row ?? null;
  }

  /** Ordered by name then id; fetches `limit + 1` rows so the caller knows if there is more. */
  list(filter: ListSpecialtiesInput, after: Position | null): Promise<SpecialtyRow[]> {
    const conditions: (SQL | undefined)[] = [activeCondition(filter.status, specialties.active)];
    if (filter.q) conditions.push(ilike(specialties.name, containsPattern(filter.q)));
    if (after?.value != null) {
      conditions.push(
        or(
          gt(specialties.name, after.value),
          and(eq(specialties.name, after.value), gt(specialties.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(specialties)
      .where(and(...conditions))
      .orderBy(asc(specialties.name), asc(specialties.id))
      .limit(filter.limit + 1);
  }

  async create(input: CreateSpecialtyInput): Promise<SpecialtyRow> {
    const [row] = await this.db.insert(specialties).values(input).returning();
    return row!;
  }

  async update(id: string, patch: UpdateSpecialtyInput): Promise<SpecialtyRow | null> {
    const [row] = await this.db
      .update(specialties)
      .set(patch)
      .where(eq(specialties.id, id))
      .returning();
    return row ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(specialties)
      .where(eq(specialties.id, id))
      .returning({ id: specialties.id });
    return rows.length > 0;
  }
}
