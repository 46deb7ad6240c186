import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import {
  type DatabaseConfig,
  type DatabaseTimeouts,
  DEFAULT_DATABASE_TIMEOUTS,
} from '../config.js';
import { MIGRATIONS_FOLDER } from './migrations.js';
import { withPoolDeadline } from './pool-deadline.js';
import * as schema from './schema/index.js';

/** The one database type every repository and service sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: repositories accept either. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: DatabaseConfig['kind'];
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called with the SQL text of every query (never its parameters): for tests and debugging. */
  onQuery?: (sql: string) => void;
}

/** Opens PostgreSQL through postgres.js, or an embedded PGlite when no server URL is configured. */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  return config.kind === 'postgres'
    ? openPostgres(config, options)
    : openPglite(config.dataDir, options);
}

const queryLogger = ({ onQuery }: OpenOptions) =>
  onQuery ? { logger: { logQuery: (query: string) => onQuery(query) } } : {};

function openPostgres(
  config: { url: string; poolMax: number; timeouts?: DatabaseTimeouts },
  options: OpenOptions,
): DatabaseHandle {
  const timeouts = config.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const client = postgres(config.url, {
    max: config.poolMax,
    connect_timeout: timeouts.connectMs / 1000,
    // Seconds before reconnecting after a failed connection. The driver's default grows to 20 s
    // over an outage's failures (they never reset), so the pool would lag the database's return.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: () => {},
    connection: {
      application_name: 'medsync',
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: idleInTransactionMs(timeouts),
    },
  });
  const db = drizzlePostgres({
    client: withPoolDeadline(client, timeouts.poolMs),
    schema,
    ...queryLogger(options),
  });
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    migrate: () => migrateUnbounded(config.url, timeouts),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * A transaction whose client vanished (a partition, a frozen process) holds its locks — the
 * booking's, its Idempotency-Key's advisory lock — until the server notices. Our transactions
 * never wait on anything but their own statements, so one idle this long is abandoned: the server
 * ends the session and its locks go. Off (0) where statements are unbounded (operator commands).
 */
const idleInTransactionMs = ({ statementMs }: DatabaseTimeouts) =>
  statementMs === 0 ? 0 : Math.max(30_000, 2 * statementMs);

/**
 * Migrations run on a connection of their own without the request's statement timeout: building
 * an index or a constraint over a large table may rightly take minutes.
 */
async function migrateUnbounded(url: string, timeouts: DatabaseTimeouts): Promise<void> {
  const client = postgres(url, {
    max: 1,
    connect_timeout: timeouts.connectMs / 1000,
    onnotice: () => {},
    connection: { application_name: 'medsync-migrate', statement_timeout: 0 },
  });
  try {
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { btree_gist } });
  const db = drizzlePglite({ client, schema, ...queryLogger(options) });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
