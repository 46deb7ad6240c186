import type {
  CreateSpecialtyInput,
  ListSpecialtiesInput,
  SpecialtyView,
  UpdateSpecialtyInput,
} from '@medsync/contracts';
import { rethrowConstraint } from '../../db/errors.js';
import type { SpecialtyRow } from '../../db/schema/index.js';
import { Conflict, NotFound } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import type { SpecialtyRepository } from './repository.js';

const SORT = 'name';

const present = (row: SpecialtyRow): SpecialtyView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const nameTaken = () =>
  new Conflict('specialty-name-taken', 'A specialty with this name already exists', [
    { field: 'name', message: 'is already used by another specialty' },
  ]);

/** What the service needs of storage: the Drizzle repository, or a fake in unit tests. */
export type SpecialtyStore = Pick<
  SpecialtyRepository,
  'get' | 'list' | 'create' | 'update' | 'delete'
>;

export class SpecialtyService {
  constructor(private readonly deps: { specialties: SpecialtyStore }) {}

  private repo(): SpecialtyStore {
    return this.deps.specialties;
  }

  async get(id: string): Promise<SpecialtyView> {
    const row = await this.repo().get(id);
    if (!row) throw new NotFound('Specialty');
    return present(row);
  }

  async list(query: ListSpecialtiesInput) {
    const rows = await this.repo().list(query, decodeCursor(query.cursor, SORT));
    return toPage(rows, query.limit, SORT, (r) => r.name, present);
  }

  async create(input: CreateSpecialtyInput): Promise<SpecialtyView> {
    try {
      return present(await this.repo().create(input));
    } catch (err) {
      rethrowConstraint(err, { specialties_name_key: nameTaken });
    }
  }

  async update(id: string, patch: UpdateSpecialtyInput): Promise<SpecialtyView> {
    let row: SpecialtyRow | null;
    try {
      row = await this.repo().update(id, patch);
    } catch (err) {
      rethrowConstraint(err, { specialties_name_key: nameTaken });
    }
    if (!row) throw new NotFound('Specialty');
    return present(row);
  }

  /** Deleting is for mistakes; a specialty doctors still reference must be deactivated instead. */
  async delete(id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await this.repo().delete(id);
    } catch (err) {
      rethrowConstraint(err, {
        doctors_specialty_fk: () =>
          new Conflict(
            'still-referenced',
            'Doctors still belong to this specialty; deactivate it instead',
          ),
      });
    }
    if (!deleted) throw new NotFound('Specialty');
  }
}
