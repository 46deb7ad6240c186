import { sql } from 'drizzle-orm';
import { type DatabaseConfig, loadDatabaseConfig, settingsOrExit } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { committedMigrations } from '../db/migrations.js';
import { databaseTarget, setupProblem } from '../db/setup-problems.js';

// `npm run db:migrate`: applies pending migrations to the configured database. The seed CLI
// reuses the helpers exported here; `main` only runs when this file is the entry point.

// A bad setting exits 78 (settingsOrExit), and so does a database not set up for MedSync.
export const EXIT = { failure: 1, usage: 2, config: 78 } as const;

export interface ConfiguredDatabase {
  database: DatabaseHandle;
  config: DatabaseConfig;
  /** Where the data goes, without credentials. */
  target: string;
}

/** Opens the database the environment names, or exits listing every configuration problem. */
export async function openConfiguredDatabase(): Promise<ConfiguredDatabase> {
  const config = settingsOrExit(loadDatabaseConfig);
  return { database: await openDatabase(config), config, target: databaseTarget(config) };
}

/** Reports a command's failure in one line: what to set up when that is the cause (exit 78). */
export function reportFailure(what: string, opened: ConfiguredDatabase, err: unknown): void {
  const problem = setupProblem(err, opened.config);
  console.error(problem ?? `${what} failed on ${opened.target}: ${describeError(err)}`);
  process.exitCode = problem ? EXIT.config : EXIT.failure;
}

/** Applies pending migrations; returns the tags of those this run applied, oldest first. */
export async function applyMigrations(database: DatabaseHandle): Promise<string[]> {
  const before = await appliedMigrationTimes(database);
  await database.migrate();
  const after = await appliedMigrationTimes(database);
  return committedMigrations()
    .filter((m) => after.has(m.when) && !before.has(m.when))
    .map((m) => m.tag);
}

async function appliedMigrationTimes(database: DatabaseHandle): Promise<Set<number>> {
  try {
    const rows = await database.db
      .select({ when: sql<string>`created_at` })
      .from(sql`drizzle.__drizzle_migrations`);
    return new Set(rows.map((r) => Number(r.when)));
  } catch {
    return new Set(); // no migrations table yet
  }
}

/** One line per error in the cause chain: a failed query's SQL can be pages long. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const nested = err instanceof AggregateError ? err.errors.map(describeError).join('; ') : '';
  const message = (err.message.split('\n')[0] || nested || err.name).slice(0, 300);
  return err.cause === undefined ? message : `${message}: ${describeError(err.cause)}`;
}

async function main(): Promise<void> {
  const opened = await openConfiguredDatabase();
  const { database, target } = opened;
  try {
    const applied = await applyMigrations(database);
    console.log(
      applied.length > 0
        ? `applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`
        : `${target} is up to date; no migrations to apply`,
    );
  } catch (err) {
    reportFailure('migration', opened, err);
  } finally {
    await database.close();
  }
}

if (import.meta.filename === process.argv[1]) await main();
