import type {
  CreateDoctorInput,
  DoctorSummaryView,
  DoctorView,
  ListDoctorsInput,
  UpdateDoctorInput,
} from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowIfReferenced } from '../../db/errors.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import {
  type DoctorProfileRow,
  DoctorRepository,
  type DoctorSummaryRow,
  PRICE_KEY,
  priceKey,
} from './repository.js';

const mean = (sum: number, count: number) =>
  count === 0 ? null : Math.round((sum / count) * 100) / 100;

const presentSummary = (row: DoctorSummaryRow): DoctorSummaryView => ({
  id: row.id,
  fullName: row.fullName,
  specialty: { id: row.specialtyId, name: row.specialtyName },
  location: { id: row.locationId, name: row.locationName, timeZone: row.timeZone },
  price: row.price,
  currency: row.currency,
  photoUrl: row.photoUrl,
  appointmentMinutes: row.appointmentMinutes,
  ratingAvg: mean(row.ratingSum, row.ratingCount),
  ratingCount: row.ratingCount,
  importedRatingAvg: mean(row.importedRatingSum, row.importedRatingCount),
  importedRatingCount: row.importedRatingCount,
  active: row.active,
});

const presentProfile = (row: DoctorProfileRow): DoctorView => ({
  ...presentSummary(row),
  experience: row.experience,
  certificates: row.certificates,
  services: row.services,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * A doctor must be placed in an existing specialty and location. They may be inactive (a clinic
 * set up before it opens); the public list offers a doctor only when all three are active.
 */
async function checkReferences(
  db: Executor,
  refs: { specialtyId?: string | undefined; locationId?: string | undefined },
): Promise<void> {
  const found = await new DoctorRepository(db).referencesExist(refs);
  const errors = [];
  if (!found.specialty)
    errors.push({ field: 'specialtyId', message: 'must name an existing specialty' });
  if (!found.location)
    errors.push({ field: 'locationId', message: 'must name an existing location' });
  if (errors.length > 0) {
    throw new Unprocessable('invalid-reference', 'A referenced record does not exist', errors);
  }
}

export class DoctorService {
  constructor(private readonly deps: { db: Database }) {}

  async get(id: string): Promise<DoctorView> {
    const row = await new DoctorRepository(this.deps.db).get(id);
    if (!row) throw new NotFound('Doctor');
    return presentProfile(row);
  }

  async list(query: ListDoctorsInput) {
    const byName = query.sort === 'name';
    const position = decodeCursor(query.cursor, query.sort, byName ? undefined : PRICE_KEY);
    const rows = await new DoctorRepository(this.deps.db).list(query, position);
    const sortValue = (r: DoctorSummaryRow) => (byName ? r.fullName : priceKey(r));
    return toPage(rows, query.limit, query.sort, sortValue, presentSummary);
  }

  async create(input: CreateDoctorInput): Promise<DoctorView> {
    return this.deps.db.transaction(async (tx) => {
      await checkReferences(tx, input);
      const repo = new DoctorRepository(tx);
      const created = await repo.create(input);
      return presentProfile((await repo.get(created.id))!);
    });
  }

  async update(id: string, patch: UpdateDoctorInput): Promise<DoctorView> {
    return this.deps.db.transaction(async (tx) => {
      await checkReferences(tx, patch);
      const repo = new DoctorRepository(tx);
      if (!(await repo.update(id, patch))) throw new NotFound('Doctor');
      return presentProfile((await repo.get(id))!);
    });
  }

  /** Deleting is for mistakes: once bookings reference a doctor, deactivate instead (→ 409). */
  async delete(id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await new DoctorRepository(this.deps.db).delete(id);
    } catch (err) {
      rethrowIfReferenced(
        err,
        () =>
          new Conflict(
            'still-referenced',
            'Records still refer to this doctor; deactivate instead',
          ),
      );
    }
    if (!deleted) throw new NotFound('Doctor');
  }
}
