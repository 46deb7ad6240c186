import type {
  CreateLocationInput,
  ListLocationsInput,
  UpdateLocationInput,
} from '@medsync/contracts';
import { and, asc, eq, getTableColumns, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { activeCondition, containsPattern } from '../../db/filters.js';
import { type LocationRow, locations, workingHours } from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';
import type { WorkingInterval } from './working-hours.js';

export type LocationWithHours = LocationRow & { workingHours: WorkingInterval[] };

// The location's intervals as one JSON array, so a page of locations is a single query.
// (`locations.id` is spelled out: Drizzle renders columns unqualified inside a select.)
const hoursOfLocation = sql<WorkingInterval[]>`coalesce((
  select json_agg(json_build_object(
           'weekday', wh.weekday,
           'opensAt', to_char(wh.opens_at, 'HH24:MI'),
           'closesAt', to_char(wh.closes_at, 'HH24:MI'))
         order by wh.weekday, wh.opens_at)
  from ${workingHours} wh
  where wh.location_id = locations.id), '[]'::json)`;

const withHours = { ...getTableColumns(locations), workingHours: hoursOfLocation };

export class LocationRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<LocationWithHours | null> {
    const [row] = await this.db.select(withHours).from(locations).where(eq(locations.id, id));
    return row ?? null;
  }

  /** Locks the row for the rest of the transaction; null when there is none. */
  async lock(id: string): Promise<LocationRow | null> {
    const [row] = await this.db.select().from(locations).where(eq(locations.id, id)).for('update');
    return row ?? null;
  }

  /** Ordered by name then id; fetches `limit + 1` rows so the caller knows if there is more. */
  list(filter: ListLocationsInput, after: Position | null): Promise<LocationWithHours[]> {
    const conditions: (SQL | undefined)[] = [activeCondition(filter.status, locations.active)];
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      conditions.push(or(ilike(locations.name, pattern), ilike(locations.address, pattern)));
    }
    if (after?.value != null) {
      conditions.push(
        or(
          gt(locations.name, after.value),
          and(eq(locations.name, after.value), gt(locations.id, after.id)),
        ),
      );
    }
    return this.db
      .select(withHours)
      .from(locations)
      .where(and(...conditions))
      .orderBy(asc(locations.name), asc(locations.id))
      .limit(filter.limit + 1);
  }

  async create(input: Omit<CreateLocationInput, 'workingHours'>): Promise<LocationRow> {
    const [row] = await this.db.insert(locations).values(input).returning();
    return row!;
  }

  async update(id: string, patch: UpdateLocationInput): Promise<LocationRow | null> {
    const [row] = await this.db
      .update(locations)
      .set(patch)
      .where(eq(locations.id, id))
      .returning();
    return row ?? null;
  }

  async replaceWorkingHours(locationId: string, intervals: WorkingInterval[]): Promise<void> {
    await this.db.delete(workingHours).where(eq(workingHours.locationId, locationId));
    if (intervals.length === 0) return;
    await this.db.insert(workingHours).values(intervals.map((i) => ({ ...i, locationId })));
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(locations)
      .where(eq(locations.id, id))
      .returning({ id: locations.id });
    return rows.length > 0;
  }
}
