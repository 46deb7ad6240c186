import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type DatabaseHandle, type OpenOptions, openDatabase } from '../../src/db/client.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the server named by TEST_DATABASE_URL (created here, dropped by `drop`).
 * Nothing touches a developer's data.
 */
export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
  /** For tests that open their own connections to the same database (server only). */
  readonly url: string | null;
}

/** Connections in a server test database's pool: as many requests as can run at once. */
const SERVER_POOL_MAX = 20;

export async function createTestDatabase(
  options: { migrate?: boolean } & OpenOptions = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const handle = serverUrl
    ? await createServerDatabase(serverUrl, options)
    : await createPgliteDatabase(options);
  if (options.migrate !== false) await handle.migrate();
  return handle;
}

async function createPgliteDatabase(options: OpenOptions): Promise<TestDatabase> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, options);
  return { ...handle, url: null, drop: () => handle.close() };
}

async function createServerDatabase(
  serverUrl: string,
  options: OpenOptions,
): Promise<TestDatabase> {
  const name = `medsync_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(
    { kind: 'postgres', url: url.toString(), poolMax: SERVER_POOL_MAX },
    options,
  );
  let dropped = false;
  return {
    ...handle,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Opens every connection of a server database's pool before a race: a fresh pool opens them one
 * at a time, which would serialize the racers and let the race pass by luck.
 */
export async function warmPool(database: TestDatabase): Promise<void> {
  await Promise.all(
    Array.from({ length: SERVER_POOL_MAX }, () => database.db.execute(sql`select pg_sleep(0.05)`)),
  );
}
