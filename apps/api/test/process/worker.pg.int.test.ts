import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditRepository } from '../../src/modules/audit/repository.js';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { AUDIT_CHAIN_KEY, testKeys as keys } from '../support/audit-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  outputMatching,
  PROCESS_TEST_TIMEOUTS,
  type RunningScript,
  startScript,
} from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// The API and the worker as separate processes on one PostgreSQL database, as an operator runs
// them with JOBS_IN_PROCESS=false: the API serves without sealing, the worker seals.

const JWT_SECRET = 'process-test-secret-0123456789abcdef';
const PASSWORD = 'vivid lantern quartz meadow';
const TIMEOUT_MS = 180_000; // several process starts on a busy machine

let database: TestDatabase;
const started: RunningScript[] = [];
beforeAll(async () => {
  database = await createTestDatabase(); // migrated here: the worker does not migrate
});
afterAll(async () => {
  for (const script of started) if (script.child.exitCode === null) script.child.kill('SIGKILL');
  await database.drop();
});

function start(entry: 'src/server.ts' | 'src/worker.ts', env: Record<string, string>) {
  const script = startScript(entry, { DATABASE_URL: database.url!, AUDIT_CHAIN_KEY, ...env });
  started.push(script);
  return script;
}

/** An API process on a free port; resolves with its base URL once it listens. */
async function startApi(env: Record<string, string> = {}) {
  const api = start('src/server.ts', { JWT_SECRET, PORT: '0', SEED_DEMO_DATA: 'false', ...env });
  const [, port] = await outputMatching(api, /Server listening at http:\/\/127\.0\.0\.1:(\d+)/);
  return { api, url: `http://127.0.0.1:${port}/api/v1` };
}

/** Registers a patient and reads their access log: audit events written by the API. */
async function patientActivity(url: string) {
  const email = `worker.${Date.now()}.${Math.random().toString(16).slice(2)}@example.test`;
  const post = (path: string, body: object) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registered = await post('/auth/register', {
    email,
    password: PASSWORD,
    fullName: 'Morgan Trelawney',
    dateOfBirth: '1979-08-21',
    sex: 'female',
  });
  expect(registered.status).toBe(202);
  const signIn = await post('/auth/sign-in', { email, password: PASSWORD });
  expect(signIn.status).toBe(200);
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const log = await fetch(`${url}/me/access-log`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(log.status).toBe(200);
  return ((await log.json()) as { items: { action: string }[] }).items.map((e) => e.action);
}

const unsealed = () => new AuditRepository(database.db).countUnsealed();

async function untilSealed(): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    if ((await unsealed()) === 0) return;
  }
  throw new Error(`${await unsealed()} audit event(s) still unsealed`);
}

async function stop(script: RunningScript): Promise<void> {
  script.child.kill('SIGTERM');
  expect(await script.exited).toBe(0);
  expect(script.output()).toContain('"signal":"SIGTERM"');
}

describe('the worker process', () => {
  it('refuses to start without DATABASE_URL, with exit code 78', async () => {
    const worker = startScript('src/worker.ts', {});
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toContain('DATABASE_URL: the worker needs a PostgreSQL server');
  });

  it(
    'seals what an API with JOBS_IN_PROCESS=false wrote and left unsealed; exits 0 on SIGTERM',
    async () => {
      const { api, url } = await startApi({ JOBS_IN_PROCESS: 'false' });
      // The access log reads events whether or not they are sealed yet.
      expect(await patientActivity(url)).toEqual(['auth.register']);
      await sleep(3_000); // three sealing intervals: an in-process sealer would have run
      expect(await unsealed()).toBeGreaterThanOrEqual(3);
      expect(api.output()).not.toContain('background jobs started');
      expect((await fetch(`${url.replace('/api/v1', '')}/ready`)).status).toBe(200);

      const worker = start('src/worker.ts', {});
      await outputMatching(worker, /"jobs":\["audit-sealing"\].*"msg":"worker started"/);
      await untilSealed();
      expect(await verifyChain(database.db, { keys })).toMatchObject({ ok: true, unsealed: 0 });
      await stop(worker);
      await stop(api);
    },
    TIMEOUT_MS,
  );

  it(
    'is not needed by an API with its jobs in process, the default',
    async () => {
      const { api, url } = await startApi();
      await outputMatching(api, /"msg":"background jobs started"/);
      // One role for everything (here a superuser): the server says what that allows.
      expect(api.output()).toContain('DATABASE_URL owns audit_events');
      await patientActivity(url);
      await untilSealed();
      expect((await verifyChain(database.db, { keys })).ok).toBe(true);
      await stop(api);
    },
    TIMEOUT_MS,
  );
});
