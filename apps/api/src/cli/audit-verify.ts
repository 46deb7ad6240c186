import { migrationsAreCurrent } from '../db/migrations.js';
import { verifyChain } from '../modules/audit/index.js';
import { EXIT, openConfiguredDatabase, reportFailure } from './migrate.js';

// `npm run audit:verify`: checks the audit trail's hash chain on the configured database.
// Reads only: pending events stay unsealed (the audit-sealing job owns them) and are counted.
// Exit 0: intact; 1: broken, or the check could not run; 2: usage; 78: configuration.

const USAGE = 'usage: npm run audit:verify  (database from DATABASE_URL or DATA_DIR)';

async function main(): Promise<void> {
  if (process.argv.length > 2) {
    console.error(USAGE);
    process.exitCode = EXIT.usage;
    return;
  }
  const opened = await openConfiguredDatabase();
  const { database, target } = opened;
  try {
    if (!(await migrationsAreCurrent(database.db))) {
      console.error(`${target} is not migrated to the current schema; run npm run db:migrate`);
      process.exitCode = EXIT.failure;
      return;
    }
    const result = await verifyChain(database.db);
    if (result.ok) {
      console.log(
        `audit chain intact on ${target}: ${result.sealed} sealed event(s), ` +
          `${result.unsealed} not yet sealed`,
      );
    } else {
      console.error(
        `audit chain BROKEN on ${target} at seq ${result.brokenAt.seq} ` +
          `(event ${result.brokenAt.id}): ${result.reason}`,
      );
      process.exitCode = EXIT.failure;
    }
  } catch (err) {
    reportFailure('audit verification', opened, err);
  } finally {
    await database.close();
  }
}

await main();
