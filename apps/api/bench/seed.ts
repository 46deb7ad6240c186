import { describeError } from '../src/cli/migrate.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { parseScale, UsageError } from '../src/seed/args.js';
import { generateScale, loadSeed } from '../src/seed/index.js';
import type { SeedSet } from '../src/seed/rows.js';
import { ADMIN_URL, createDatabase } from './support.js';

// `npx tsx bench/seed.ts [N]` times seeding scale N (default 1) into a fresh database on the
// PostgreSQL server (admin URL: TEST_DATABASE_URL or the local default) and into an in-memory
// PGlite, then drops what it created.

interface Timing {
  migrateMs: number;
  seedMs: number;
  inserted: number;
}

const elapsed = async (work: () => Promise<unknown>): Promise<number> => {
  const startedAt = performance.now();
  await work();
  return performance.now() - startedAt;
};

async function timeSeed(database: DatabaseHandle, scale: number): Promise<Timing> {
  const migrateMs = await elapsed(() => database.migrate());
  let inserted = 0;
  const seedMs = await elapsed(async () => {
    const results = await loadSeed(database.db, generateScale(scale));
    inserted = results.reduce((sum, r) => sum + r.inserted, 0);
  });
  return { migrateMs, seedMs, inserted };
}

async function onServer(scale: number): Promise<Timing> {
  const created = await createDatabase('medsync_seedbench');
  try {
    const database = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 4 });
    try {
      return await timeSeed(database, scale);
    } finally {
      await database.close();
    }
  } finally {
    await created.drop();
  }
}

async function inPglite(scale: number): Promise<Timing> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    return await timeSeed(database, scale);
  } finally {
    await database.close();
  }
}

/** Generating alone, without a database: the CPU share of a seed run. */
function generationMs(set: SeedSet): number {
  const startedAt = performance.now();
  for (const table of Object.values(set)) for (const _ of table.rows());
  return performance.now() - startedAt;
}

const ms = (value: number) => `${Math.round(value)} ms`.padStart(8);

async function report(label: string, run: () => Promise<Timing>): Promise<boolean> {
  try {
    const t = await run();
    console.log(
      `${label.padEnd(28)} migrate ${ms(t.migrateMs)}  seed ${ms(t.seedMs)}  (${t.inserted} rows)`,
    );
    return true;
  } catch (err) {
    console.log(`${label.padEnd(28)} failed: ${describeError(err)}`);
    return false;
  }
}

let scale: number;
try {
  scale = parseScale(process.argv[2] ?? '1');
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\nusage: npx tsx bench/seed.ts [scale]`);
  process.exit(2);
}

const set = generateScale(scale);
console.log(
  `scale ${scale}: ${set.locations.count} locations, ${set.doctors.count} doctors, ` +
    `${set.diagnosticLocations.count} diagnostic offers; generating alone ${Math.round(generationMs(set))} ms`,
);
const server = `postgres (${new URL(ADMIN_URL).host})`;
const results = [
  await report(server, () => onServer(scale)),
  await report('pglite (memory)', () => inPglite(scale)),
];
if (results.includes(false)) process.exitCode = 1;
