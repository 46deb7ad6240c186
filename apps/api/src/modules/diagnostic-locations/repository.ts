import type {
  CreateDiagnosticLocationInput,
  ListDiagnosticLocationsInput,
  UpdateDiagnosticLocationInput,
} from '@medsync/contracts';
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { activeCondition } from '../../db/filters.js';
import {
  type DiagnosticLocationRow,
  diagnosticLocations,
  diagnostics,
  locations,
} from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

const offering = {
  id: diagnosticLocations.id,
  price: diagnosticLocations.price,
  capacity: diagnosticLocations.capacity,
  active: diagnosticLocations.active,
  createdAt: diagnosticLocations.createdAt,
  updatedAt: diagnosticLocations.updatedAt,
};
const diagnosticSummary = {
  id: diagnostics.id,
  name: diagnostics.name,
  durationMinutes: diagnostics.durationMinutes,
  active: diagnostics.active,
};
const locationSummary = {
  id: locations.id,
  name: locations.name,
  timeZone: locations.timeZone,
  currency: locations.currency,
  active: locations.active,
};

const listFields = { ...offering, diagnostic: diagnosticSummary, location: locationSummary };
const detailFields = {
  ...offering,
  diagnostic: { ...diagnosticSummary, preparation: diagnostics.preparation },
  location: { ...locationSummary, address: locations.address },
};

export type DiagnosticLocationListRow = Awaited<
  ReturnType<DiagnosticLocationRepository['list']>
>[number];
export type DiagnosticLocationDetailRow = NonNullable<
  Awaited<ReturnType<DiagnosticLocationRepository['get']>>
>;

export class DiagnosticLocationRepository {
  constructor(private readonly db: Executor) {}

  /** The offering joined with its diagnostic and location, in one query. */
  async get(id: string) {
    const [row] = await this.db
      .select(detailFields)
      .from(diagnosticLocations)
      .innerJoin(diagnostics, eq(diagnostics.id, diagnosticLocations.diagnosticId))
      .innerJoin(locations, eq(locations.id, diagnosticLocations.locationId))
      .where(eq(diagnosticLocations.id, id));
    return row ?? null;
  }

  /** Ordered by diagnostic name then id; fetches `limit + 1` rows, joined in one query. */
  list(filter: ListDiagnosticLocationsInput, after: Position | null) {
    const conditions: (SQL | undefined)[] = [
      // Bookable means the offering, its diagnostic and its location are all active.
      activeCondition(
        filter.status,
        diagnosticLocations.active,
        diagnostics.active,
        locations.active,
      ),
    ];
    if (filter.diagnosticId) {
      conditions.push(eq(diagnosticLocations.diagnosticId, filter.diagnosticId));
    }
    if (filter.locationId) conditions.push(eq(diagnosticLocations.locationId, filter.locationId));
    if (after?.value != null) {
      conditions.push(
        or(
          gt(diagnostics.name, after.value),
          and(eq(diagnostics.name, after.value), gt(diagnosticLocations.id, after.id)),
        ),
      );
    }
    return this.db
      .select(listFields)
      .from(diagnosticLocations)
      .innerJoin(diagnostics, eq(diagnostics.id, diagnosticLocations.diagnosticId))
      .innerJoin(locations, eq(locations.id, diagnosticLocations.locationId))
      .where(and(...conditions))
      .orderBy(asc(diagnostics.name), asc(diagnosticLocations.id))
      .limit(filter.limit + 1);
  }

  async create(input: CreateDiagnosticLocationInput): Promise<DiagnosticLocationRow> {
    const [row] = await this.db.insert(diagnosticLocations).values(input).returning();
    return row!;
  }

  async update(
    id: string,
    patch: UpdateDiagnosticLocationInput,
  ): Promise<DiagnosticLocationRow | null> {
    const [row] = await this.db
      .update(diagnosticLocations)
      .set(patch)
      .where(eq(diagnosticLocations.id, id))
      .returning();
    return row ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(diagnosticLocations)
      .where(eq(diagnosticLocations.id, id))
      .returning({ id: diagnosticLocations.id });
    return rows.length > 0;
  }
}
