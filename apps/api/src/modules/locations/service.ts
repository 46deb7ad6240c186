import type {
  CreateLocationInput,
  ListLocationsInput,
  LocationView,
  UpdateLocationInput,
} from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { canonicalTimeZone } from '../../shared/wall-clock.js';
import { LocationRepository, type LocationWithHours } from './repository.js';
import { checkWeek, type WorkingInterval } from './working-hours.js';

const SORT = 'name';

// The repository returns the hours sorted by weekday then opening time.
const present = (row: LocationWithHours): LocationView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const nameTaken = () =>
  new Conflict('location-name-taken', 'A location with this name already exists', [
    { field: 'name', message: 'is already used by another location' },
  ]);

const stillReferenced = () =>
  new Conflict(
    'still-referenced',
    'Doctors or diagnostics are still at this location; deactivate it instead',
  );

/** Canonical IANA name, or a 422 naming the field. */
function validTimeZone(name: string): string {
  const canonical = canonicalTimeZone(name);
  if (!canonical) {
    throw new Unprocessable('unknown-time-zone', 'The time zone is not a known IANA time zone', [
      { field: 'timeZone', message: 'must be an IANA time-zone name such as Europe/Berlin' },
    ]);
  }
  return canonical;
}

function validHours(intervals: WorkingInterval[]): WorkingInterval[] {
  checkWeek(intervals, 'workingHours');
  return intervals;
}

export class LocationService {
  constructor(private readonly deps: { db: Database }) {}

  async get(id: string): Promise<LocationView> {
    const row = await new LocationRepository(this.deps.db).get(id);
    if (!row) throw new NotFound('Location');
    return present(row);
  }

  async list(query: ListLocationsInput) {
    const rows = await new LocationRepository(this.deps.db).list(
      query,
      decodeCursor(query.cursor, SORT),
    );
    return toPage(rows, query.limit, SORT, (r) => r.name, present);
  }

  async create(input: CreateLocationInput): Promise<LocationView> {
    const { workingHours = [], ...fields } = input;
    const location = { ...fields, timeZone: validTimeZone(fields.timeZone) };
    const hours = validHours(workingHours);
    try {
      return await this.deps.db.transaction(async (tx) => {
        const repo = new LocationRepository(tx);
        const created = await repo.create(location);
        await repo.replaceWorkingHours(created.id, hours);
        return present((await repo.get(created.id))!);
      });
    } catch (err) {
      rethrowConstraint(err, { locations_name_key: nameTaken });
    }
  }

  async update(id: string, patch: UpdateLocationInput): Promise<LocationView> {
    const changes = patch.timeZone ? { ...patch, timeZone: validTimeZone(patch.timeZone) } : patch;
    let updated: unknown;
    try {
      updated = await new LocationRepository(this.deps.db).update(id, changes);
    } catch (err) {
      rethrowConstraint(err, { locations_name_key: nameTaken });
    }
    if (!updated) throw new NotFound('Location');
    return this.get(id);
  }

  /** Replaces the whole weekly schedule at once, so a half-edited week is never visible. */
  async replaceWorkingHours(id: string, intervals: WorkingInterval[]): Promise<LocationView> {
    const hours = validHours(intervals);
    return this.deps.db.transaction(async (tx) => {
      const repo = new LocationRepository(tx);
      if (!(await repo.lock(id))) throw new NotFound('Location');
      await repo.replaceWorkingHours(id, hours);
      return present((await repo.get(id))!);
    });
  }

  /** Deleting is for mistakes; a location still in use must be deactivated instead. */
  async delete(id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await new LocationRepository(this.deps.db).delete(id);
    } catch (err) {
      rethrowConstraint(err, {
        doctors_location_fk: stillReferenced,
        diagnostic_locations_location_fk: stillReferenced,
      });
    }
    if (!deleted) throw new NotFound('Location');
  }
}
