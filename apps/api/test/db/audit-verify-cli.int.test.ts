import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { AuditLog } from '../../src/modules/audit/audit-log.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import { AUDIT_CHAIN_KEY, testKeys } from '../support/audit-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { PROCESS_TEST_TIMEOUTS, tsxArgs } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// `npm run audit:verify` as an operator runs it, on a fresh server database or an embedded one
// in a temp folder: exit 0 on an intact chain, 1 once a row was edited, 2 on a usage error.

const TIMEOUT_MS = 180_000; // each run starts a process: several of them on a busy machine
let server: TestDatabase | null = null;
let dataDir: string | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) {
    server = await createTestDatabase();
    env = { DATABASE_URL: server.url!, AUDIT_CHAIN_KEY };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'medsync-audit-verify-'));
    env = { DATA_DIR: dataDir, AUDIT_CHAIN_KEY };
  }
});
afterAll(async () => {
  await server?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The embedded database admits one process at a time: open it only while the CLI is not running. */
async function withDatabase(use: (database: DatabaseHandle) => Promise<void>): Promise<void> {
  if (server) return use(server);
  const database = await openDatabase({ kind: 'pglite', dataDir: dataDir! });
  try {
    await use(database);
  } finally {
    await database.close();
  }
}

function runVerify(...args: string[]): Promise<{ code: number | null; output: string }> {
  return runVerifyWith({}, ...args);
}

function runVerifyWith(
  extra: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, tsxArgs('src/cli/audit-verify.ts', ...args), {
    env: { PATH: process.env.PATH, ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('npm run audit:verify', () => {
  it(
    'exits 0 on an intact chain, then 1 naming the seq of an edited row',
    async () => {
      await withDatabase(async ({ db, migrate }) => {
        await migrate();
        const actor = { identity: null, ip: '192.0.2.30', requestId: 'req-cli' };
        for (const action of ['auth.sign-in', 'patient.read', 'patient.update']) {
          await new AuditLog().record(db, actor, { action, resourceType: 'x', outcome: 'success' });
        }
        await new AuditSealer({ db, log: pino({ level: 'silent' }), keys: testKeys }).sealPending();
        await new AuditLog().record(db, actor, {
          action: 'late',
          resourceType: 'x',
          outcome: 'success',
        });
      });
      const intact = await runVerify();
      expect(intact.output).toMatch(/intact .*: 3 sealed event\(s\), 1 not yet sealed/);
      expect(intact.code).toBe(0);

      // Another key cannot vouch for the chain: the operator's key is what makes it evidence.
      const otherKey = await runVerifyWith({
        AUDIT_CHAIN_KEY: 'another-key-0123456789abcdef0123456789',
      });
      expect(otherKey.output).toMatch(
        /BROKEN .* at seq 1 .*sealed with key [0-9a-f]{16}, which is not configured/,
      );
      expect(otherKey.code).toBe(1);
      // Declaring unkeyed events that are not there fails too: the count must be exact.
      const declared = await runVerify('--legacy-events=2');
      expect(declared.output).toMatch(/BROKEN .*: 0 event\(s\) sealed without a key, 2 expected/);
      expect(declared.code).toBe(1);

      await withDatabase(({ db }) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(sql`update audit_events set outcome = 'failure' where seq = 2`);
        }),
      );
      const broken = await runVerify();
      expect(broken.output).toMatch(/BROKEN .* at seq 2 .*hash does not match/);
      expect(broken.code).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'exits 2 on an unexpected argument, without touching the database',
    async () => {
      for (const args of [['--repair'], ['--legacy-events=many'], ['--legacy-events=1', '-v']]) {
        const misused = await runVerify(...args);
        expect(misused.output, args.join(' ')).toContain('usage: npm run audit:verify');
        expect(misused.code, args.join(' ')).toBe(2);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'exits 78 without AUDIT_CHAIN_KEY on a server database',
    async () => {
      const unkeyed = await runVerifyWith({
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        AUDIT_CHAIN_KEY: '',
      });
      expect(unkeyed.output).toContain('AUDIT_CHAIN_KEY: is required when DATABASE_URL is set');
      expect(unkeyed.code).toBe(78);
    },
    TIMEOUT_MS,
  );
});
