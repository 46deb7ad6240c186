import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cloneWorkspace, installProduction, npm, startUntilReady } from '../support/clone.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { PROCESS_TEST_TIMEOUTS } from '../support/scripts.js';

// An install and a dozen npm runs: twice the limits of a single process test.
vi.setConfig({ testTimeout: 2 * PROCESS_TEST_TIMEOUTS.testTimeout, hookTimeout: 300_000 });

// The production path as the README gives it: a fresh clone, `npm ci --omit=dev` (from the local
// npm cache), then `npm start` and the operator's commands, none of which may need a dev
// dependency. On the embedded database, or with TEST_DATABASE_URL on a fresh server database.

let clone: string;
let dataDir: string | null = null;
let server: TestDatabase | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  clone = cloneWorkspace();
  await installProduction(clone);
  if (process.env.TEST_DATABASE_URL) {
    server = await createTestDatabase({ migrate: false });
    env = {
      DATABASE_URL: server.url!,
      SEED_DEMO_DATA: 'true',
      JWT_SECRET: 'production-test-secret-0123456789abcdef',
      AUDIT_CHAIN_KEY: 'production-test-audit-key-0123456789abcd',
    };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'medsync-production-'));
    env = { DATA_DIR: dataDir };
  }
});
afterAll(async () => {
  await server?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (clone) rmSync(clone, { recursive: true, force: true });
});

async function run(args: string[], extra: Record<string, string> = {}) {
  const script = npm(clone, args, { ...env, ...extra });
  return { code: await script.exited, output: script.output() };
}

describe('a clone installed with npm ci --omit=dev', () => {
  it('has no dev dependency installed', () => {
    for (const devOnly of ['typescript', 'tsx', 'vitest', 'drizzle-kit', '@biomejs/biome']) {
      expect({ devOnly, installed: existsSync(join(clone, 'node_modules', devOnly)) }).toEqual({
        devOnly,
        installed: false,
      });
    }
  });

  it('builds, migrates and seeds on its first npm start, saying so, and reaches /ready', async () => {
    const server = await startUntilReady(clone, env);
    await server.stop();
    const output = server.script.output();
    const said = [
      /built @medsync\/contracts \(\d+ files\) and @medsync\/api \(\d+ files\) into dist\//,
      /"msg":"opening the database"/,
      /"msg":"applying pending migrations"/,
      /"msg":"loading the demo clinic network|the directory is empty: loading the demo clinic network/,
      /"msg":"demo accounts created; sign in with the password \S+ as any of: admin@demo\.medsync\.example/,
    ];
    for (const line of said) expect(output).toMatch(line);
    expect(output).toMatch(/"signal":"SIGTERM","msg":"shutting down"/);
    // Logs to a pipe are JSON lines, one event each.
    const events = output.split('\n').filter((l) => l.startsWith('{'));
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) expect(JSON.parse(event)).toHaveProperty('msg');
  });

  it('starts again without rebuilding, and runs the operator commands', async () => {
    const again = await startUntilReady(clone, env);
    expect(again.script.output()).not.toContain('built @medsync');
    await again.stop();

    const migrate = await run(['run', 'db:migrate']);
    expect(migrate).toMatchObject({ code: 0, output: expect.stringMatching(/is up to date/) });
    const admin = await run(['run', 'admin:create', '--', '--email', 'ops@clinic.example'], {
      ADMIN_PASSWORD: 'correct-horse-battery-staple-71',
    });
    expect(admin).toMatchObject({
      code: 0,
      output: expect.stringMatching(/created admin account/),
    });
    const seed = await run(['run', 'db:seed']);
    expect(seed).toMatchObject({
      code: 0,
      output: expect.stringMatching(/seeded the demo network/),
    });
    const verify = await run(['run', 'audit:verify']);
    expect(verify).toMatchObject({ code: 0, output: expect.stringMatching(/audit chain intact/) });
  });
});
