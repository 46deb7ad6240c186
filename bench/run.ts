import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { generateScale, loadSeed } from '../src/seed/index.js';

// `npm run bench [-- SECONDS]`: read throughput of the directory on a scale-1 network.
// Creates a fresh database on the PostgreSQL server (admin URL: TEST_DATABASE_URL or the local
// default), seeds it, starts the real server as its own process, loads it from this process over
// loopback with 50 connections, prints requests/s and latency per URL, then drops the database.

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[2] ?? 10);

async function createSeededDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `medsync_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 4 });
  await database.migrate();
  await loadSeed(database.db, generateScale(1));
  await database.close();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '20',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

async function firstIds(base: string) {
  const doctors = (await (await fetch(`${base}/api/v1/doctors?limit=1`)).json()) as {
    items: { id: string; specialty: { id: string } }[];
  };
  const doctor = doctors.items[0]!;
  return { doctorId: doctor.id, specialtyId: doctor.specialty.id };
}

async function main() {
  const database = await createSeededDatabase();
  const { child, port } = await startServer(database.url);
  const base = `http://127.0.0.1:${port}`;
  try {
    const { doctorId, specialtyId } = await firstIds(base);
    const paths = [
      '/api/v1/doctors?limit=20',
      `/api/v1/doctors?specialtyId=${specialtyId}&sort=price&limit=20`,
      '/api/v1/doctors?q=cardio&limit=20',
      `/api/v1/doctors/${doctorId}`,
      '/api/v1/locations?limit=20',
    ];
    console.log(`scale 1, 50 connections, ${seconds} s per URL, PostgreSQL server`);
    for (const path of paths) {
      const result = await autocannon({ url: base + path, connections: 50, duration: seconds });
      const failed = result.non2xx + result.errors;
      console.log(
        `${String(Math.round(result.requests.average)).padStart(6)} req/s  ` +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
          `${failed > 0 ? `${failed} failed  ` : ''}${path}`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await database.drop();
  }
}

await main();
