import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROCESS_TEST_TIMEOUTS, startScript } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// A database not set up for MedSync, as an operator meets it: one line saying what is missing
// and what to do, exit 78; and the compose file's init script, run on this server, giving the
// owner and runtime roles the migrations expect.

const serverUrl = process.env.TEST_DATABASE_URL!;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const suffix = randomBytes(4).toString('hex');
const SECRETS = {
  JWT_SECRET: 'setup-test-secret-0123456789abcdef01',
  AUDIT_CHAIN_KEY: 'setup-test-audit-key-0123456789abcdef',
};
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await admin.end();
});

/** `serverUrl` with another user and database. */
function urlFor(database: string, user?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}

async function expectSetupExit(entry: string, env: Record<string, string>, line: RegExp) {
  const script = startScript(entry, { ...SECRETS, ...env });
  expect(await script.exited).toBe(78);
  expect(script.output()).toMatch(line);
  expect(script.output()).not.toMatch(/3D000|42501|"cause"/);
}

describe('a database not set up for MedSync', () => {
  const missing = `medsync_missing_${suffix}`;

  it('stops the server with one line naming the missing database, exit 78', async () => {
    await expectSetupExit(
      'src/server.ts',
      { DATABASE_URL: urlFor(missing) },
      new RegExp(
        `database \\\\?"${missing}\\\\?" does not exist on the PostgreSQL server at .*: create it`,
      ),
    );
  });

  it('stops db:migrate the same way', async () => {
    await expectSetupExit(
      'src/cli/migrate.ts',
      { DATABASE_URL: urlFor(missing) },
      new RegExp(`^database "${missing}" does not exist`, 'm'),
    );
  });

  it('says which role lacks a privilege when it may not migrate', async () => {
    const database = `medsync_noprivs_${suffix}`;
    const role = `medsync_noprivs_${suffix}`;
    await admin.unsafe(`create role "${role}" login`);
    cleanups.push(() => admin.unsafe(`drop role if exists "${role}"`));
    await admin.unsafe(`create database "${database}"`); // owned by the admin: the role may not create in it
    cleanups.push(() => admin.unsafe(`drop database if exists "${database}" with (force)`));
    await expectSetupExit(
      'src/cli/migrate.ts',
      { DATABASE_URL: urlFor(database, role) },
      new RegExp(`role "${role}" lacks a privilege in database "${database}" .*owner`),
    );
  });
});

describe('deploy/postgres-init/10-medsync.sh', () => {
  const names = {
    MEDSYNC_DB: `medsync_init_${suffix}`,
    MEDSYNC_OWNER: `medsync_owner_${suffix}`,
    MEDSYNC_RUNTIME: `medsync_app_${suffix}`,
  };

  it('creates the database owned by the owner role, and a runtime role with LOGIN alone', async () => {
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists "${names.MEDSYNC_DB}" with (force)`);
      await admin.unsafe(`drop role if exists "${names.MEDSYNC_RUNTIME}"`);
      await admin.unsafe(`drop role if exists "${names.MEDSYNC_OWNER}"`);
    });
    const url = new URL(serverUrl);
    const script = fileURLToPath(
      new URL('../../../../deploy/postgres-init/10-medsync.sh', import.meta.url),
    );
    const run = spawnSync('sh', [script], {
      env: {
        PATH: process.env.PATH,
        PGHOST: url.hostname,
        PGPORT: url.port || '5432',
        POSTGRES_USER: decodeURIComponent(url.username) || 'postgres',
        ...names,
        MEDSYNC_OWNER_PASSWORD: 'owner-password-0123456789',
        MEDSYNC_RUNTIME_PASSWORD: 'runtime-password-0123456789',
      },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const [database] = await admin`
      select pg_get_userbyid(datdba) as owner from pg_database where datname = ${names.MEDSYNC_DB}`;
    expect(database).toEqual({ owner: names.MEDSYNC_OWNER });
    const [runtime] = await admin`
      select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
             (select count(*)::int from pg_auth_members m where m.member = r.oid) as memberships
      from pg_roles r where rolname = ${names.MEDSYNC_RUNTIME}`;
    expect(runtime).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      memberships: 0,
    });
  });

  it('lets the owner role apply every migration, leaving the runtime role owning nothing', async () => {
    const migrate = startScript('src/cli/migrate.ts', {
      DATABASE_URL: urlFor(names.MEDSYNC_DB, names.MEDSYNC_OWNER),
    });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toMatch(/applied \d+ migration\(s\)/);
    const db = postgres(urlFor(names.MEDSYNC_DB), { max: 1, onnotice: () => {} });
    try {
      const [owned] = await db`
        select count(*)::int as n from pg_class where relowner = to_regrole(${names.MEDSYNC_RUNTIME})`;
      expect(owned).toEqual({ n: 0 });
      const [bookings] =
        await db`select pg_get_userbyid(relowner) as owner from pg_class where relname = 'bookings'`;
      expect(bookings).toEqual({ owner: names.MEDSYNC_OWNER });
    } finally {
      await db.end();
    }
  });
});
