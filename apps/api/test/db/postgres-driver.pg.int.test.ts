import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';

// postgres.js 3.4.9 is patched at install (patches/postgres+3.4.9.patch, applied by the root
// package's postinstall). Unpatched, a write pending on a connection that closed threw from a
// timer and killed the process (porsager/postgres #1154, #1208), a stale write timer hung every
// later query on the connection, a query written between a socket error and its close hung, and
// a query cancelled while its connection opened left that connection opening forever.

const database = await createTestDatabase({ migrate: false });
afterAll(() => database.drop());

// The package's main file is cjs/src/index.js; its exports hide package.json.
const packageDir = join(dirname(createRequire(import.meta.url).resolve('postgres')), '../..');
const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms),
    ),
  ]);

describe('the installed postgres.js', () => {
  it('carries the patch in its ESM, CommonJS and workerd builds', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(pkg.version).toBe('3.4.9'); // a new version needs the patch re-made, or dropped if fixed
    for (const build of ['src', 'cjs/src', 'cf/src']) {
      const source = readFileSync(join(packageDir, build, 'connection.js'), 'utf8');
      expect(source, build).toContain('if (socket === null) // patched');
      expect(source.match(/chunk = nextWriteTimer = null \/\/ patched/g), build).toHaveLength(2);
      expect(source, build).toContain(';(query || sent.length) && error(');
      expect(source, build).toContain('const cancelled = initial && initial.cancelled');
    }
  });

  it('rejects every query on a connection whose backend died, neither hanging nor crashing', async () => {
    const killer = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      // The backend's end arrives as a reset or as a close, by timing: rounds meet both.
      for (let round = 0; round < 10; round++) {
        const client = postgres(database.url!, { max: 1, onnotice: () => {} });
        const reserved = await client.reserve();
        const [row] = await reserved`select pg_backend_pid() as pid`;
        await killer`select pg_terminate_backend(${row!.pid})`;
        for (let attempt = 0; attempt < 3; attempt++) {
          const failure = await within(
            3_000,
            reserved`select 1`.then(
              () => null,
              (err: { code?: string }) => err,
            ),
          );
          expect(failure?.code, `round ${round}, query ${attempt}: ${failure}`).toMatch(
            /^(CONNECTION_CLOSED|ECONNRESET|57P01)$/,
          );
        }
        await client.end({ timeout: 1 });
      }
    } finally {
      await killer.end({ timeout: 1 });
    }
  });

  it('serves on after a query is cancelled while its connection is still opening', async () => {
    const client = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      // How the pool deadline (db/pool-deadline.ts) cancels a query that waited too long.
      const first = client`select 1`;
      const settled = first.then(
        () => 'answered',
        (err: { code?: string }) => err.code,
      );
      await first.cancel();
      expect(await settled).toBe('57014');
      // Unpatched, the connection it was opening stayed "connecting" forever: this hung.
      expect(await within(3_000, client`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await client.end({ timeout: 1 });
    }
  });
});
