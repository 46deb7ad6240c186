import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { locations } from '../db/schema/index.js';
import { DatabaseDocumentStorage, type DocumentStorage } from '../modules/documents/index.js';
import { announceDemoAccounts, seedDemoAccounts } from './accounts.js';
import { generateDemo } from './demo.js';
import { loadSeed } from './load.js';

export { generateDemo } from './demo.js';
export { type LoadOptions, loadSeed } from './load.js';
export { progressFor, type TableResult } from './progress.js';
export { generateScale } from './scale.js';

const DEMO_SEED_LOCK = 0x6d656473; // "meds"

/**
 * Fills an empty directory with the demo clinic network, its demo accounts and their clinical
 * past; leaves a database with data alone. `demoPassword` (DEMO_PASSWORD) is the accounts'
 * password; null: generate one. `storage` keeps the demo's report PDF (the server's own).
 */
export async function seedDemoIfEmpty(
  db: Database,
  log: FastifyBaseLogger,
  demoPassword: string | null = null,
  storage: DocumentStorage = new DatabaseDocumentStorage(),
): Promise<void> {
  // One transaction around the check and the load: a crash half way leaves an empty directory
  // that the next start fills again, never a partial one that it would skip.
  const startedAt = performance.now();
  const seeded = await db.transaction(async (tx) => {
    // Two instances starting together on one server: the second waits here, then finds data.
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
    const [existing] = await tx.select({ id: locations.id }).from(locations).limit(1);
    if (existing) return null;
    log.info('the directory is empty: loading the demo clinic network and its demo accounts');
    const set = generateDemo();
    return {
      results: await loadSeed(tx, set),
      accounts: await seedDemoAccounts(tx, set, demoPassword ?? undefined, storage),
    };
  });
  if (!seeded) return;
  const inserted = Object.fromEntries(seeded.results.map((r) => [r.table, r.inserted]));
  log.info({ inserted, ms: Math.round(performance.now() - startedAt) }, 'demo data loaded');
  announceDemoAccounts(log, seeded.accounts);
}
