import type {
  ImportedRatingInput,
  ImportRatingsInput,
  RatingImportReportView,
} from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { newId } from '../../shared/ids.js';
import type { AuditLog } from '../audit/index.js';
import { type NewRating, RatingRepository } from './repository.js';

type Report = RatingImportReportView;
type Refusal = Report['refused'][number];

const refusal = (
  index: number,
  item: ImportedRatingInput,
  reason: Refusal['reason'],
  message: string,
): Refusal => ({ index, externalId: item.externalId ?? null, reason, message });

/**
 * Imports a batch of historical ratings from a previous system, in one transaction: each item
 * is accepted, skipped as imported before (its `externalId`), or refused with its reason, and
 * the report lists every item by its index. Imported ratings count in the doctor's imported
 * aggregate only, never in the verified one.
 */
export class RatingImports {
  constructor(private readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}

  async import(actor: Actor, { items }: ImportRatingsInput): Promise<Report> {
    const now = this.deps.clock();
    return this.deps.db.transaction(async (tx) => {
      const repo = new RatingRepository(tx);
      const doctorIds = [...new Set(items.map((item) => item.doctorId))];
      const locationOf = new Map(
        (await repo.doctorsAmong(doctorIds)).map((d) => [d.id, d.locationId]),
      );
      const claimed = new Set<string>();
      const refused: Refusal[] = [];
      const candidates: { index: number; row: NewRating }[] = [];
      for (const [index, item] of items.entries()) {
        const locationId = locationOf.get(item.doctorId);
        const ratedAt = new Date(item.ratedAt);
        const duplicate = item.externalId !== undefined && claimed.has(item.externalId);
        if (item.externalId !== undefined) claimed.add(item.externalId);
        if (duplicate) {
          refused.push(
            refusal(index, item, 'duplicate-external-id', 'An earlier item has this externalId'),
          );
        } else if (!locationId) {
          refused.push(refusal(index, item, 'unknown-doctor', 'No doctor has this id'));
        } else if (item.stars < 1 || item.stars > 5) {
          refused.push(refusal(index, item, 'stars-out-of-range', 'Stars must be 1 to 5'));
        } else if (ratedAt > now) {
          refused.push(refusal(index, item, 'rated-in-future', 'ratedAt is in the future'));
        } else {
          candidates.push({ index, row: importedRow(item, locationId, ratedAt, now) });
        }
      }
      const inserted = await repo.insertImported(candidates.map((c) => c.row));
      const insertedIds = new Set(inserted.map((r) => r.id));
      // A candidate not inserted had an externalId imported before (or by a concurrent import).
      const skipped = candidates.filter((c) => !insertedIds.has(c.row.id!));
      const existing = new Map(
        (await repo.importedWith(skipped.map((c) => c.row.externalId!))).map((r) => [
          r.externalId!,
          r.id,
        ]),
      );
      const report: Report = { received: items.length, accepted: [], alreadyImported: [], refused };
      for (const { index, row } of candidates) {
        const externalId = row.externalId ?? null;
        if (insertedIds.has(row.id!))
          report.accepted.push({ index, externalId, ratingId: row.id! });
        else {
          report.alreadyImported.push({
            index,
            externalId: externalId!,
            ratingId: existing.get(externalId!)!,
          });
        }
      }
      await this.deps.audit.record(tx, actor, {
        action: 'rating.import',
        resourceType: 'rating',
        outcome: 'success',
      });
      await addToAggregates(repo, inserted);
      return report;
    });
  }
}

function importedRow(
  item: ImportedRatingInput,
  locationId: string,
  ratedAt: Date,
  now: Date,
): NewRating {
  return {
    id: newId(),
    doctorId: item.doctorId,
    locationId,
    source: 'imported',
    externalId: item.externalId ?? null,
    stars: item.stars,
    comment: item.comment ?? null,
    ratedAt,
    createdAt: now,
    updatedAt: now,
  };
}

/** One relative update per doctor, in id order so that concurrent imports never deadlock. */
async function addToAggregates(
  repo: RatingRepository,
  inserted: { doctorId: string; stars: number }[],
): Promise<void> {
  const byDoctor = new Map<string, { sum: number; count: number }>();
  for (const { doctorId, stars } of inserted) {
    const total = byDoctor.get(doctorId) ?? { sum: 0, count: 0 };
    byDoctor.set(doctorId, { sum: total.sum + stars, count: total.count + 1 });
  }
  for (const doctorId of [...byDoctor.keys()].sort()) {
    await repo.addToAggregate(doctorId, 'imported', byDoctor.get(doctorId)!);
  }
}
