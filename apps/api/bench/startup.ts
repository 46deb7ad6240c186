import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneWorkspace, installProduction, startUntilReady } from '../test/support/clone.js';
import { createDatabase } from './support.js';

// `npm run bench:startup -- [rounds]`: time from `npm start` to the first 200 from /ready for a
// clone installed with `npm ci --omit=dev`, on the embedded database and on PostgreSQL: the first
// start (build, migrations, demo data) and then `rounds` starts of the installed, built clone.

const rounds = Number(process.argv[2] ?? 3);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const range = (all: number[]) =>
  `${seconds(Math.min(...all))}–${seconds(Math.max(...all))} (median ${seconds(all.sort((a, b) => a - b)[Math.floor(all.length / 2)]!)})`;

async function measure(label: string, clone: string, env: Record<string, string>) {
  const first = await startUntilReady(clone, env);
  await first.stop();
  const again: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = await startUntilReady(clone, env);
    again.push(started.msToReady);
    await started.stop();
  }
  console.log(
    `${label.padEnd(12)} first start ${seconds(first.msToReady)}; built clone ${range(again)}`,
  );
}

const clone = cloneWorkspace();
const dataDir = mkdtempSync(join(tmpdir(), 'medsync-bench-startup-'));
const database = await createDatabase('medsync_bench_startup');
try {
  console.log(`npm ci --omit=dev --offline: ${seconds(await installProduction(clone))}`);
  await measure('embedded', clone, { DATA_DIR: dataDir });
  // The build is done by now: the server's first start migrates and seeds only.
  await measure('PostgreSQL', clone, {
    DATABASE_URL: database.url,
    SEED_DEMO_DATA: 'true',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_CHAIN_KEY: randomBytes(32).toString('hex'),
  });
} finally {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(clone, { recursive: true, force: true });
}
