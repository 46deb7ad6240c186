import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_CHAIN_KEY } from '../support/audit-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { PROCESS_TEST_TIMEOUTS, startScript } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// The real entry point as an operator runs it: configuration errors, start, and SIGTERM.

const dataDirs: string[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

const startServer = (env: Record<string, string>) => startScript('src/server.ts', env);

async function listeningPort(output: () => string): Promise<number> {
  for (let i = 0; i < 1200; i++) {
    const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
    if (match) return Number(match[1]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

/** The server under test: an embedded database in a temp folder, or a fresh server database. */
async function databaseEnv(): Promise<Record<string, string>> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    return {
      DATABASE_URL: database.url!,
      JWT_SECRET: 'process-test-secret-0123456789abcdef',
      AUDIT_CHAIN_KEY,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'medsync-server-'));
  dataDirs.push(dir);
  return { DATA_DIR: dir };
}

describe('the server process', () => {
  it('refuses to start on bad configuration, naming every bad variable, with exit code 78', async () => {
    const { exited, output } = startServer({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await exited).toBe(78);
    expect(output()).toContain('PORT: must be integer');
    expect(output()).toContain('LOG_LEVEL:');
  });

  it('migrates, serves, and on SIGTERM closes the pool and exits 0', async () => {
    const env = { ...(await databaseEnv()), PORT: '0', SEED_DEMO_DATA: 'false' };
    const { child, output, exited } = startServer(env);
    const port = await listeningPort(output);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('"signal":"SIGTERM"');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('refuses a server database without AUDIT_CHAIN_KEY, and keeps an embedded key in a 0600 file', async () => {
    const unkeyed = startServer({
      DATABASE_URL: 'postgres://medsync@127.0.0.1:1/none',
      JWT_SECRET: 'process-test-secret-0123456789abcdef',
    });
    expect(await unkeyed.exited).toBe(78);
    expect(unkeyed.output()).toContain('AUDIT_CHAIN_KEY: is required when DATABASE_URL is set');

    const dir = mkdtempSync(join(tmpdir(), 'medsync-server-key-'));
    dataDirs.push(dir);
    const embedded = startServer({ DATA_DIR: dir, PORT: '0', SEED_DEMO_DATA: 'false' });
    await listeningPort(embedded.output);
    const keyFile = join(dir, 'audit-chain.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    embedded.child.kill('SIGTERM');
    expect(await embedded.exited).toBe(0);
    // The next start reuses it: events sealed before stay verifiable.
    const again = startServer({ DATA_DIR: dir, PORT: '0', SEED_DEMO_DATA: 'false' });
    await listeningPort(again.output);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
  }, 120_000);
});
