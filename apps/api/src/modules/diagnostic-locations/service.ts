import type {
  CreateDiagnosticLocationInput,
  DiagnosticLocationDetailView,
  DiagnosticLocationView,
  ListDiagnosticLocationsInput,
  UpdateDiagnosticLocationInput,
} from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint, rethrowIfReferenced } from '../../db/errors.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import {
  type DiagnosticLocationDetailRow,
  type DiagnosticLocationListRow,
  DiagnosticLocationRepository,
} from './repository.js';

const SORT = 'diagnostic-name';

const present = (row: DiagnosticLocationListRow): DiagnosticLocationView => ({
  id: row.id,
  diagnostic: row.diagnostic,
  location: {
    id: row.location.id,
    name: row.location.name,
    timeZone: row.location.timeZone,
    active: row.location.active,
  },
  price: row.price,
  currency: row.location.currency,
  capacity: row.capacity,
  active: row.active,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const presentDetail = (row: DiagnosticLocationDetailRow): DiagnosticLocationDetailView => {
  const view = present(row);
  return {
    ...view,
    diagnostic: row.diagnostic,
    location: { ...view.location, address: row.location.address },
  };
};

const missing = (field: 'diagnosticId' | 'locationId', what: string) => () =>
  new Unprocessable('invalid-reference', `No ${what} has this id`, [
    { field, message: `must name an existing ${what}` },
  ]);

const translateCreate = {
  diagnostic_locations_diagnostic_fk: missing('diagnosticId', 'diagnostic'),
  diagnostic_locations_location_fk: missing('locationId', 'location'),
  diagnostic_locations_pair_key: () =>
    new Conflict('diagnostic-already-offered', 'This location already offers this diagnostic', [
      { field: 'locationId', message: 'already offers this diagnostic' },
    ]),
};

export class DiagnosticLocationService {
  constructor(private readonly deps: { db: Database }) {}

  private repo(db: Executor = this.deps.db): DiagnosticLocationRepository {
    return new DiagnosticLocationRepository(db);
  }

  async get(id: string): Promise<DiagnosticLocationDetailView> {
    const row = await this.repo().get(id);
    if (!row) throw new NotFound('Diagnostic location');
    return presentDetail(row);
  }

  async list(query: ListDiagnosticLocationsInput) {
    const rows = await this.repo().list(query, decodeCursor(query.cursor, SORT));
    return toPage(rows, query.limit, SORT, (r) => r.diagnostic.name, present);
  }

  async create(input: CreateDiagnosticLocationInput): Promise<DiagnosticLocationDetailView> {
    try {
      return await this.deps.db.transaction(async (tx) => {
        const repo = this.repo(tx);
        const { id } = await repo.create(input);
        return presentDetail((await repo.get(id))!);
      });
    } catch (err) {
      rethrowConstraint(err, translateCreate);
    }
  }

  async update(
    id: string,
    patch: UpdateDiagnosticLocationInput,
  ): Promise<DiagnosticLocationDetailView> {
    const row = await this.deps.db.transaction(async (tx) => {
      const repo = this.repo(tx);
      return (await repo.update(id, patch)) ? repo.get(id) : null;
    });
    if (!row) throw new NotFound('Diagnostic location');
    return presentDetail(row);
  }

  /** Whatever comes to reference an offering (bookings) keeps it: deactivate it instead. */
  async delete(id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await this.repo().delete(id);
    } catch (err) {
      rethrowIfReferenced(
        err,
        () =>
          new Conflict(
            'still-referenced',
            'Records still refer to this offering; deactivate it instead',
          ),
      );
    }
    if (!deleted) throw new NotFound('Diagnostic location');
  }
}
