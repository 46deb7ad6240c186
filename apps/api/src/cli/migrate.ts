import { sql } from 'drizzle-orm';
import {
  type Config,
  type DatabaseConfig,
  DEFAULT_DATABASE_TIMEOUTS,
  loadMigrationConfig,
  settingsOrExit,
} from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { committedMigrations } from '../db/migrations.js';
import { asMigrator, migrateAndGrant } from '../db/migrator.js';
import { databaseTarget, setupProblem } from '../db/setup-problems.js';

// `npm run db:migrate`: applies pending migrations to the configured database. The seed CLI
// reuses the helpers exported here; `main` only runs when this file is the entry point.

// A bad setting exits 78 (settingsOrExit), and so does a database not set up for MedSync.
export const EXIT = { failure: 1, usage: 2, config: 78 } as const;

export interface ConfiguredDatabase {
  /** The runtime role's connection (DATABASE_URL), or the embedded database. */
  database: DatabaseHandle;
  /** Where the data goes, without credentials. */
  target: string;
  /** Who migrates: MIGRATION_DATABASE_URL's owner role, when set. */
  settings: Pick<Config, 'database' | 'migration'>;
}

/** Opens the database the environment names, or exits listing every configuration problem. */
export async function openConfiguredDatabase(): Promise<ConfiguredDatabase> {
  const settings = settingsOrExit(loadMigrationConfig);
  return {
    database: await openDatabase(unboundedStatements(settings.database)),
    target: databaseTarget(settings.database),
    settings,
  };
}

/**
 * An operator's command (a scale seed, verifying a long trail) is not a request: its statements
 * run as long as they need; connecting and waiting for the pool stay bounded.
 */
export function unboundedStatements(config: DatabaseConfig): DatabaseConfig {
  if (config.kind !== 'postgres') return config;
  return {
    ...config,
    timeouts: { ...(config.timeouts ?? DEFAULT_DATABASE_TIMEOUTS), statementMs: 0 },
  };
}

/** Reports a command's failure in one line: what to set up when that is the cause (exit 78). */
export function reportFailure(
  what: string,
  opened: Pick<ConfiguredDatabase, 'target'> & { settings: Pick<Config, 'database'> },
  err: unknown,
): void {
  const problem = setupProblem(err, opened.settings.database);
  console.error(problem ?? `${what} failed on ${opened.target}: ${describeError(err)}`);
  process.exitCode = problem ? EXIT.config : EXIT.failure;
}

/**
 * Applies pending migrations as the owner role (or the one role), then grants the runtime role
 * its privileges; returns the tags of the migrations this run applied, oldest first.
 */
export async function applyMigrations({
  database,
  settings,
}: ConfiguredDatabase): Promise<string[]> {
  const { migration } = settings;
  return asMigrator(database, settings.database, migration, async (migrator) => {
    const before = await appliedMigrationTimes(migrator);
    await migrateAndGrant(migrator, migration);
    const after = await appliedMigrationTimes(migrator);
    return committedMigrations()
      .filter((m) => after.has(m.when) && !before.has(m.when))
      .map((m) => m.tag);
  });
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
    const applied = await applyMigrations(opened);
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
