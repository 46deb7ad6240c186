import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { AUDIT_CHAIN_KEY, testKeys as keys } from '../support/audit-fixtures.js';
import { outputMatching, type RunningScript, startScript } from '../support/scripts.js';
import { sqlStateOf } from '../support/sql-state.js';

// SECURITY.md item 31, the two roles of the README: the owner migrates, the server runs as a role
// that owns nothing. The whole app — migrate CLI, server with MIGRATE_ON_START, demo seed,
// registration, a booking, the access log, the sealer — works under the runtime role, and that
// role cannot switch off the append-only trigger or rewrite, delete or truncate the trail.

const INSUFFICIENT_PRIVILEGE = '42501';
const TIMEOUT_MS = 240_000; // two process starts and a demo seed on a busy machine
const PASSWORD = 'amber harbour violet compass';
const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const names = {
  owner: `medsync_owner_${suffix}`,
  runtime: `medsync_app_${suffix}`,
  database: `medsync_roles_${suffix}`,
};

const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
const urlAs = (user: string) => {
  const url = new URL(serverUrl);
  url.username = user;
  url.password = '';
  url.pathname = `/${names.database}`;
  return url.toString();
};
const env = {
  DATABASE_URL: urlAs(names.runtime),
  MIGRATION_DATABASE_URL: urlAs(names.owner),
  JWT_SECRET: 'roles-test-secret-0123456789abcdef0123',
  AUDIT_CHAIN_KEY,
};

const admin = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
const runtime = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
const owner = postgres(env.MIGRATION_DATABASE_URL, { max: 1, onnotice: () => {} });
const started: RunningScript[] = [];

beforeAll(async () => {
  await admin.unsafe(`create role ${names.owner} login`);
  await admin.unsafe(`create role ${names.runtime} login`);
  await admin.unsafe(`create database ${names.database} owner ${names.owner}`);
});
afterAll(async () => {
  for (const script of started) if (script.child.exitCode === null) script.child.kill('SIGKILL');
  await Promise.all([runtime.end(), owner.end()]);
  await admin.unsafe(`drop database if exists ${names.database} with (force)`);
  await admin.unsafe(`drop role if exists ${names.runtime}`);
  await admin.unsafe(`drop role if exists ${names.owner}`);
  await admin.end();
});

/** A patient registers, signs in, books the earliest free slot and reads their access log. */
async function patientBooks(api: string): Promise<string[]> {
  const json = async (path: string, init: RequestInit = {}, token?: string) => {
    const response = await fetch(`${api}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const email = `roles.${suffix}@example.test`;
  const registered = await json('/auth/register', {
    method: 'POST',
    body: JSON.stringify({
      email,
      password: PASSWORD,
      fullName: 'Rowan Ashdown',
      dateOfBirth: '1984-02-11',
      sex: 'other',
    }),
  });
  expect(registered.status).toBe(202);
  const signIn = await json('/auth/sign-in', {
    method: 'POST',
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const token = signIn.body.accessToken as string;
  const doctors = await json('/doctors?limit=1');
  const specialtyId = (doctors.body.items as { specialty: { id: string } }[])[0]!.specialty.id;
  const search = await json(`/availability/search?specialtyId=${specialtyId}&limit=1`);
  expect(search.status, JSON.stringify(search.body)).toBe(200);
  const [slot] = search.body.slots as { doctorId: string; startAt: string }[];
  const booking = await json(
    '/bookings',
    { method: 'POST', body: JSON.stringify({ doctorId: slot!.doctorId, startAt: slot!.startAt }) },
    token,
  );
  expect(booking.status).toBe(201);
  const log = await json('/me/access-log', {}, token);
  expect(log.status).toBe(200);
  return (log.body.items as { action: string }[]).map((e) => e.action);
}

const auditStatements = {
  'disable the trigger': () =>
    runtime.unsafe('alter table audit_events disable trigger audit_events_append_only'),
  'update an event': () => runtime.unsafe(`update audit_events set action = 'patient.list'`),
  're-seal a sealed event': () =>
    runtime.unsafe(`update audit_events set hash = repeat('0', 64) where seq is not null`),
  'delete events': () => runtime.unsafe('delete from audit_events'),
  truncate: () => runtime.unsafe('truncate audit_events'),
  'drop the table': () => runtime.unsafe('drop table audit_events'),
  'create a table': () => runtime.unsafe('create table shadow_events (id int)'),
};

// Clinical records: no DELETE, TRUNCATE or UPDATE of content by privilege, before any trigger.
const CLINICAL_CONTENT = {
  visit_notes: 'note',
  prescriptions: 'instructions',
  diagnostic_reports: 'summary',
  observations: 'value_text',
  documents: 'file_name',
  document_contents: 'storage_key',
};
const clinicalStatements = Object.entries(CLINICAL_CONTENT).flatMap(
  ([table, column]) =>
    [
      [`delete from ${table}`, () => runtime.unsafe(`delete from ${table}`)],
      [`truncate ${table}`, () => runtime.unsafe(`truncate ${table}`)],
      [
        `update ${table}.${column}`,
        () => runtime.unsafe(`update ${table} set ${column} = ${column}`),
      ],
    ] as const,
);

describe('the runtime role', () => {
  it(
    'runs the whole app after the owner migrated, and cannot rewrite the audit trail or clinical records',
    async () => {
      const migrate = startScript('src/cli/migrate.ts', env);
      started.push(migrate);
      expect(await migrate.exited, migrate.output()).toBe(0);
      expect(migrate.output()).toMatch(/applied \d+ migration\(s\)/);

      const server = startScript('src/server.ts', { ...env, PORT: '0', SEED_DEMO_DATA: 'true' });
      started.push(server);
      const [, port] = await outputMatching(
        server,
        /Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
        120_000,
      );
      expect(server.output()).toContain(`"runtimeRole":"${names.runtime}"`);
      expect(server.output()).not.toContain('owns audit_events');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect(await patientBooks(`${base}/api/v1`)).toEqual(
        expect.arrayContaining(['auth.register', 'booking.create']),
      );

      // The in-process sealer seals as the runtime role: its column grant is enough.
      const unsealed = async () =>
        Number((await runtime`select count(*) as n from audit_events where seq is null`)[0]!.n);
      for (let i = 0; i < 100 && (await unsealed()) > 0; i++) await sleep(200);
      expect(await unsealed()).toBe(0);
      const handle = await openDatabase({ kind: 'postgres', url: env.DATABASE_URL, poolMax: 1 });
      try {
        expect(await verifyChain(handle.db, { keys })).toMatchObject({ ok: true, legacy: 0 });
      } finally {
        await handle.close();
      }

      const owned = await runtime`select count(*) as n from pg_class c
        join pg_roles r on r.oid = c.relowner where r.rolname = current_user`;
      expect(Number(owned[0]!.n)).toBe(0);
      const before = await runtime`select count(*) as n, max(seq) as head from audit_events`;
      for (const [what, statement] of Object.entries(auditStatements)) {
        expect(await sqlStateOf(statement), what).toBe(INSUFFICIENT_PRIVILEGE);
      }
      expect(await runtime`select count(*) as n, max(seq) as head from audit_events`).toEqual(
        before,
      );
      for (const [what, statement] of clinicalStatements) {
        expect(await sqlStateOf(statement), what).toBe(INSUFFICIENT_PRIVILEGE);
      }
      // What the app does to a clinical row: retire a revision (the trigger allows it once).
      await runtime.unsafe('update prescriptions set superseded_at = now() where false');
      // The owner could: which is why the server does not connect as the owner.
      const ownerCan = await owner.begin(async (tx) => {
        await tx.unsafe('alter table audit_events disable trigger audit_events_append_only');
        await tx.unsafe('alter table audit_events enable trigger audit_events_append_only');
        return true;
      });
      expect(ownerCan).toBe(true);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    },
    TIMEOUT_MS,
  );
});
