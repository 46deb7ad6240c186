import type {
  CreateDiagnosticInput,
  DiagnosticView,
  ListDiagnosticsInput,
  UpdateDiagnosticInput,
} from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import type { DiagnosticRow } from '../../db/schema/index.js';
import { Conflict, NotFound } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { DiagnosticRepository } from './repository.js';

const SORT = 'name';

const present = (row: DiagnosticRow): DiagnosticView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const nameTaken = () =>
  new Conflict('diagnostic-name-taken', 'A diagnostic with this name already exists', [
    { field: 'name', message: 'is already used by another diagnostic' },
  ]);

export class DiagnosticService {
  constructor(private readonly deps: { db: Database }) {}

  private repo(): DiagnosticRepository {
    return new DiagnosticRepository(this.deps.db);
  }

  async get(id: string): Promise<DiagnosticView> {
    const row = await this.repo().get(id);
    if (!row) throw new NotFound('Diagnostic');
    return present(row);
  }

  async list(query: ListDiagnosticsInput) {
    const rows = await this.repo().list(query, decodeCursor(query.cursor, SORT));
    return toPage(rows, query.limit, SORT, (r) => r.name, present);
  }

  async create(input: CreateDiagnosticInput): Promise<DiagnosticView> {
    try {
      return present(await this.repo().create(input));
    } catch (err) {
      rethrowConstraint(err, { diagnostics_name_key: nameTaken });
    }
  }

  async update(id: string, patch: UpdateDiagnosticInput): Promise<DiagnosticView> {
    let row: DiagnosticRow | null;
    try {
      row = await this.repo().update(id, patch);
    } catch (err) {
      rethrowConstraint(err, { diagnostics_name_key: nameTaken });
    }
    if (!row) throw new NotFound('Diagnostic');
    return present(row);
  }

  /** Deleting is for mistakes; a diagnostic some location still offers must be deactivated. */
  async delete(id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await this.repo().delete(id);
    } catch (err) {
      rethrowConstraint(err, {
        diagnostic_locations_diagnostic_fk: () =>
          new Conflict(
            'still-referenced',
            'Locations still offer this diagnostic; deactivate it instead',
          ),
      });
    }
    if (!deleted) throw new NotFound('Diagnostic');
  }
}
