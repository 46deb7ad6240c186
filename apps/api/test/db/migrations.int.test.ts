import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { MIGRATIONS_FOLDER, migrationsAreCurrent } from '../../src/db/migrations.js';
import { body } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { PROCESS_TEST_TIMEOUTS } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

const run = promisify(execFile);
const PROJECT_ROOT = join(MIGRATIONS_FOLDER, '..');
const journal = JSON.parse(
  readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as { entries: { tag: string }[] };

/** Rows of a raw query: postgres.js returns an array, PGlite an object with `rows`. */
async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

/** Regenerates migrations from the schema into a copy of migrations/ and lists what it holds after. */
async function generateInto(outDir: string): Promise<{ output: string; files: string[] }> {
  const { stdout, stderr } = await run('npx', ['drizzle-kit', 'generate'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DRIZZLE_OUT: outDir },
    timeout: 110_000,
  });
  const files = readdirSync(resolve(PROJECT_ROOT, outDir), { recursive: true });
  return { output: stdout + stderr, files: files.map(String).sort() };
}

describe('committed migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('apply to an empty database, install btree_gist, and are a no-op the second time', async () => {
    expect(await migrationsAreCurrent(database.db)).toBe(false);

    await database.migrate();
    expect(await migrationsAreCurrent(database.db)).toBe(true);
    const extensions = await rows<{ extname: string }>(
      database.db,
      sql`select extname from pg_extension where extname = 'btree_gist'`,
    );
    expect(extensions).toEqual([{ extname: 'btree_gist' }]);
    expect(await appliedMigrations(database.db)).toBe(journal.entries.length);

    const tables = sql`select table_name from information_schema.tables
      where table_schema = 'public' order by table_name`;
    const before = await rows<{ table_name: string }>(database.db, tables);
    await database.migrate();
    expect(await appliedMigrations(database.db)).toBe(journal.entries.length);
    expect(await rows(database.db, tables)).toEqual(before);
    expect(before.map((t) => t.table_name)).toEqual(expect.arrayContaining(['specialties']));
  });
});

describe('the Drizzle schema and the committed migrations', () => {
  const committed = readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort();
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'medsync-migrations-'));
    cpSync(MIGRATIONS_FOLDER, outDir, { recursive: true });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('agree: drizzle-kit generate finds nothing to add', { timeout: 120_000 }, async () => {
    // drizzle-kit prefixes the out path with "./", so hand it a path relative to the project.
    const { output, files } = await generateInto(relative(PROJECT_ROOT, outDir));
    expect(output).toContain('No schema changes');
    expect(files).toEqual(committed);
  });

  it('can be checked with an absolute DRIZZLE_OUT, as a temp dir is', {
    timeout: 120_000,
  }, async () => {
    const { output, files } = await generateInto(outDir);
    expect(output).not.toMatch(/ENOENT|Error/);
    expect(output).toContain('No schema changes');
    expect(files).toEqual(committed);
  });
});

describe('/ready', () => {
  it('answers 503 migrations-pending until migrated, then 200, then 503 when the database is gone', async () => {
    const database = await createTestDatabase({ migrate: false });
    let dropped = false;
    let app: FastifyInstance | undefined;
    try {
      app = await buildApp({
        config: loadConfig({}),
        database,
        logger: pino({ level: 'silent' }),
      });
      await app.ready();

      const pending = await app.inject({ url: '/ready' });
      expect(pending.statusCode).toBe(503);
      expect(pending.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(pending.headers['retry-after']).toBeDefined();
      expect(body(pending)).toMatchObject({ status: 503, code: 'migrations-pending' });

      await database.migrate();
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(body(ready)).toEqual({ status: 'ready' });

      await database.drop();
      dropped = true;
      const gone = await app.inject({ url: '/ready' });
      expect(gone.statusCode).toBe(503);
      expect(body(gone)).toMatchObject({ status: 503, code: 'database-unavailable' });
      const health = await app.inject({ url: '/health' });
      expect(health.statusCode).toBe(200);

      const data = await app.inject({ url: '/api/v1/specialties' });
      expect(data.statusCode).toBeGreaterThanOrEqual(500);
      expect(data.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(data.body).not.toMatch(/select|specialties"|closed|ended|stack/i);
    } finally {
      await app?.close();
      if (!dropped) await database.drop();
    }
  });
});
