import type {
  CreateDiagnosticInput,
  ListDiagnosticsInput,
  UpdateDiagnosticInput,
} from '@medsync/contracts';
import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { activeCondition, containsPattern } from '../../db/filters.js';
import { type DiagnosticRow, diagnostics } from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

export class DiagnosticRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<DiagnosticRow | null> {
    const [row] = await this.db.select().from(diagnostics).where(eq(diagnostics.id, id));
    return row ?? null;
  }

  /** Ordered by name then id; fetches `limit + 1` rows so the caller knows if there is more. */
  list(filter: ListDiagnosticsInput, after: Position | null): Promise<DiagnosticRow[]> {
    const conditions: (SQL | undefined)[] = [activeCondition(filter.status, diagnostics.active)];
    if (filter.q) conditions.push(ilike(diagnostics.name, containsPattern(filter.q)));
    if (after?.value != null) {
      conditions.push(
        or(
          gt(diagnostics.name, after.value),
          and(eq(diagnostics.name, after.value), gt(diagnostics.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(diagnostics)
      .where(and(...conditions))
      .orderBy(asc(diagnostics.name), asc(diagnostics.id))
      .limit(filter.limit + 1);
  }

  async create(input: CreateDiagnosticInput): Promise<DiagnosticRow> {
    const [row] = await this.db.insert(diagnostics).values(input).returning();
    return row!;
  }

  async update(id: string, patch: UpdateDiagnosticInput): Promise<DiagnosticRow | null> {
    const [row] = await this.db
      .update(diagnostics)
      .set(patch)
      .where(eq(diagnostics.id, id))
      .returning();
    return row ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(diagnostics)
      .where(eq(diagnostics.id, id))
      .returning({ id: diagnostics.id });
    return rows.length > 0;
  }
}
