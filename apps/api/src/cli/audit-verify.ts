import { loadAuditChainConfig, settingsOrExit } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrationsAreCurrent } from '../db/migrations.js';
import { databaseTarget } from '../db/setup-problems.js';
import { loadChainKeys, verifyChain } from '../modules/audit/index.js';
import { EXIT, reportFailure, unboundedStatements } from './migrate.js';

// `npm run audit:verify`: checks the audit trail's keyed hash chain on the configured database,
// with AUDIT_CHAIN_KEY and AUDIT_CHAIN_PREVIOUS_KEYS (or the embedded database's key file).
// Reads only: pending events stay unsealed (the audit-sealing job owns them) and are counted.
// Exit 0: intact; 1: broken, or the check could not run; 2: usage; 78: configuration.

const USAGE =
  'usage: npm run audit:verify [-- --legacy-events=N]  (database from DATABASE_URL or DATA_DIR)\n' +
  '  --legacy-events=N  N events were sealed unkeyed before the upgrade that keyed the chain';

/** The declared count of unkeyed events, or null when the arguments are not understood. */
function legacyEventsFrom(args: string[]): number | null {
  if (args.length === 0) return 0;
  const match = args.length === 1 ? /^--legacy-events=(\d{1,15})$/.exec(args[0]!) : null;
  return match ? Number(match[1]) : null;
}

async function main(): Promise<void> {
  const legacyEvents = legacyEventsFrom(process.argv.slice(2));
  if (legacyEvents === null) {
    console.error(USAGE);
    process.exitCode = EXIT.usage;
    return;
  }
  const settings = settingsOrExit(loadAuditChainConfig);
  const keys = loadChainKeys(settings.auditChain);
  const target = databaseTarget(settings.database);
  const database = await openDatabase(unboundedStatements(settings.database));
  try {
    if (!(await migrationsAreCurrent(database.db))) {
      console.error(`${target} is not migrated to the current schema; run npm run db:migrate`);
      process.exitCode = EXIT.failure;
      return;
    }
    const result = await verifyChain(database.db, { keys, legacyEvents });
    if (result.ok) {
      const legacy = result.legacy > 0 ? ` (the first ${result.legacy} sealed unkeyed)` : '';
      console.log(
        `audit chain intact on ${target}: ${result.sealed} sealed event(s)${legacy}, ` +
          `${result.unsealed} not yet sealed`,
      );
    } else {
      const where = result.brokenAt
        ? ` at seq ${result.brokenAt.seq} (event ${result.brokenAt.id})`
        : '';
      console.error(`audit chain BROKEN on ${target}${where}: ${result.reason}`);
      process.exitCode = EXIT.failure;
    }
  } catch (err) {
    reportFailure('audit verification', { target, settings }, err);
  } finally {
    await database.close();
  }
}

await main();
