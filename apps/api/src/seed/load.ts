import { getTableName } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import {
  diagnosticLocations,
  diagnostics,
  doctors,
  locations,
  specialties,
  workingHours,
} from '../db/schema/index.js';
import { type SeedProgress, silentProgress, type TableResult } from './progress.js';
import type { SeedSet, TableRows } from './rows.js';

const DEFAULT_BATCH_SIZE = 500;

export interface LoadOptions {
  progress?: SeedProgress;
  batchSize?: number;
}

type SeededTable =
  | typeof specialties
  | typeof locations
  | typeof workingHours
  | typeof diagnostics
  | typeof doctors
  | typeof diagnosticLocations;

/**
 * Inserts a seed set table by table, parents first, in batches; one transaction per table, so a
 * run that fails part way leaves whole tables behind and re-running finishes the job.
 */
export async function loadSeed(
  db: Database,
  set: SeedSet,
  options: LoadOptions = {},
): Promise<TableResult[]> {
  const load = <T extends SeededTable>(table: T, rows: TableRows<PgInsertValue<T>>) =>
    loadTable(db, table, rows, options);
  return [
    await load(specialties, set.specialties),
    await load(locations, set.locations),
    await load(workingHours, set.workingHours),
    await load(diagnostics, set.diagnostics),
    await load(doctors, set.doctors),
    await load(diagnosticLocations, set.diagnosticLocations),
  ];
}

async function loadTable<T extends SeededTable>(
  db: Database,
  table: T,
  rows: TableRows<PgInsertValue<T>>,
  { progress = silentProgress, batchSize = DEFAULT_BATCH_SIZE }: LoadOptions,
): Promise<TableResult> {
  const name = getTableName(table);
  const startedAt = performance.now();
  progress.started(name, rows.count);
  const inserted = await db.transaction(async (tx) => {
    let count = 0;
    for (const batch of batches(rows.rows(), batchSize)) {
      // Ids are deterministic, so "on conflict (id) do nothing" makes re-running a no-op; any
      // other unique clash (a name) still fails loudly instead of being skipped silently.
      const added = await tx
        .insert(table)
        .values(batch)
        .onConflictDoNothing({ target: table.id })
        .returning({ id: table.id });
      count += added.length;
      progress.advanced(batch.length);
    }
    return count;
  });
  const result = {
    table: name,
    total: rows.count,
    inserted,
    ms: Math.round(performance.now() - startedAt),
  };
  progress.finished(result);
  return result;
}

function* batches<R>(rows: Iterable<R>, size: number): Generator<R[]> {
  let batch: R[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
