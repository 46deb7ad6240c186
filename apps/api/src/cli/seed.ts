import { parseSeedArgs, SEED_USAGE, type SeedRequest, UsageError } from '../seed/args.js';
import {
  generateDemo,
  generateScale,
  loadSeed,
  progressFor,
  type TableResult,
} from '../seed/index.js';
import { applyMigrations, EXIT, openConfiguredDatabase, reportFailure } from './migrate.js';

// `npm run db:seed -- [--scale N]`: migrates, then loads the demo network or scale N data.
// Progress goes to stderr, the one-line summary to stdout.

function requestFrom(argv: string[]): SeedRequest {
  try {
    return parseSeedArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${SEED_USAGE}`);
    process.exit(EXIT.usage);
  }
}

function summary(label: string, target: string, results: TableResult[], ms: number): string {
  const total = results.reduce((sum, r) => sum + r.total, 0);
  const inserted = results.reduce((sum, r) => sum + r.inserted, 0);
  const seconds = (ms / 1000).toFixed(2);
  return `seeded ${label} into ${target} in ${seconds} s: ${inserted} rows inserted, ${total - inserted} already present`;
}

async function main(): Promise<void> {
  const request = requestFrom(process.argv.slice(2));
  if (request.kind === 'help') {
    console.log(SEED_USAGE);
    return;
  }
  const opened = await openConfiguredDatabase();
  const { database, target } = opened;
  try {
    const applied = await applyMigrations(opened);
    if (applied.length > 0) console.error(`applied migrations: ${applied.join(', ')}`);
    const isScale = request.kind === 'scale';
    const set = isScale ? generateScale(request.scale) : generateDemo();
    const startedAt = performance.now();
    const results = await loadSeed(database.db, set, { progress: progressFor(process.stderr) });
    const label = isScale ? `scale ${request.scale}` : 'the demo network';
    console.log(summary(label, target, results, performance.now() - startedAt));
  } catch (err) {
    reportFailure('seeding', opened, err);
  } finally {
    await database.close();
  }
}

await main();
