import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { generateScale, loadSeed } from '../../src/seed/index.js';
import { AUDIT_CHAIN_KEY } from './audit-fixtures.js';
import type { PrivateCluster } from './cluster.js';
import { patientTokens } from './patient-tokens.js';
import { outputMatching, type RunningScript, startScript } from './scripts.js';

// Booking load against the real server while its PostgreSQL cluster crashes: shared by the crash
// test (which asserts) and `npm run bench:outage` (which prints the figures).

export interface Answer {
  startedAt: number;
  ms: number;
  /** 0: no answer at all (the server is gone). */
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  code?: string;
  bookingId?: string;
}

export interface Outage {
  /** Before `pg_ctl -m immediate stop`; `downAt` once it returned. */
  crashedAt: number;
  downAt: number;
  /** Before `pg_ctl start`; `restartedAt` once the cluster accepts connections. */
  upAt: number;
  restartedAt: number;
  /** From `restartedAt` to the server's first `/ready` 200. */
  readyMs: number;
}

export interface Booker {
  token: string;
  doctorId: string;
  slots: string[];
}

export interface OutageRun {
  answers: Answer[];
  outages: Outage[];
  /** `/ready` statuses polled while the cluster was down. */
  readyDuringOutage: number[];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded `medsync` database on the cluster and `clients` patients with access tokens. */
export async function prepareBookers(
  cluster: PrivateCluster,
  clients: number,
  jwtSecret: string,
): Promise<{ databaseUrl: string; doctorIds: string[]; tokens: string[] }> {
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin`create database medsync`;
  await admin.end();
  const databaseUrl = cluster.url.replace(/\/postgres$/, '/medsync');
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolMax: 2 });
  await database.migrate();
  await loadSeed(database.db, generateScale(0.001));
  await database.close();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const doctors = await sql<{ id: string }[]>`select id from doctors where active order by id`;
    return {
      databaseUrl,
      doctorIds: doctors.map((d) => d.id),
      tokens: await patientTokens(sql, clients, jwtSecret),
    };
  } finally {
    await sql.end();
  }
}

/** The real server on `databaseUrl`, with booking limits out of the load's way. */
export async function startBookingServer(
  databaseUrl: string,
  jwtSecret: string,
  env: Record<string, string>,
): Promise<{ server: RunningScript; base: string }> {
  const server = startScript('src/server.ts', {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: jwtSecret,
    AUDIT_CHAIN_KEY,
    PORT: '0',
    SEED_DEMO_DATA: 'false',
    DB_POOL_MAX: '8',
    BOOKING_RATE_LIMIT_PER_MINUTE: '100000',
    BOOKING_MAX_ACTIVE_PER_PATIENT: '1000',
    ...env,
  });
  const [, port] = await outputMatching(server, /Server listening at http:\/\/127\.0\.0\.1:(\d+)/);
  return { server, base: `http://127.0.0.1:${port}` };
}

/** Each token books its own doctor's free slots (one doctor per client where there are enough). */
export async function planBookers(
  base: string,
  doctorIds: string[],
  tokens: string[],
): Promise<Booker[]> {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return Promise.all(
    tokens.map(async (token, i) => {
      const doctorId = doctorIds[i % doctorIds.length]!;
      const response = await fetch(
        `${base}/api/v1/doctors/${doctorId}/availability?from=${day(1)}&to=${day(28)}`,
      );
      const body = (await response.json()) as { slots: { startAt: string }[] };
      return { token, doctorId, slots: body.slots.map((s) => s.startAt) };
    }),
  );
}

async function book(base: string, booker: Booker, startAt: string): Promise<Answer> {
  const startedAt = performance.now();
  const response = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${booker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ doctorId: booker.doctorId, startAt }),
  }).catch(() => null);
  if (!response) {
    return {
      startedAt,
      ms: performance.now() - startedAt,
      status: 0,
      contentType: null,
      retryAfter: null,
    };
  }
  const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string };
  return {
    startedAt,
    ms: performance.now() - startedAt,
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    code: body.code,
    bookingId: response.status === 201 ? body.id : undefined,
  };
}

const readyStatus = (base: string) =>
  fetch(`${base}/ready`, { signal: AbortSignal.timeout(10_000) }).then(
    (r) => r.status,
    () => 0,
  );

async function waitForReady(base: string, timeoutMs: number): Promise<number> {
  const begun = performance.now();
  while (performance.now() - begun < timeoutMs) {
    if ((await readyStatus(base)) === 200) return performance.now() - begun;
    await pause(100);
  }
  throw new Error(`/ready not 200 within ${timeoutMs} ms`);
}

/**
 * Every booker books its slots one after another while the cluster is crashed `crashes` times,
 * each down for `outageMs`, with healthy load before the first and after each return.
 */
export async function crashUnderLoad(options: {
  cluster: PrivateCluster;
  base: string;
  bookers: Booker[];
  crashes: number;
  outageMs: number;
}): Promise<OutageRun> {
  const { cluster, base, bookers, crashes, outageMs } = options;
  const answers: Answer[] = [];
  const outages: Outage[] = [];
  const readyDuringOutage: number[] = [];
  let loading = true;
  const clients = bookers.map(async (booker) => {
    for (const startAt of booker.slots) {
      if (!loading) return;
      answers.push(await book(base, booker, startAt));
    }
  });
  try {
    await pause(2_000);
    for (let crash = 0; crash < crashes; crash++) {
      const crashedAt = performance.now();
      await cluster.stop('immediate');
      const downAt = performance.now();
      while (performance.now() - crashedAt < outageMs - 500) {
        readyDuringOutage.push(await readyStatus(base));
        await pause(250);
      }
      await pause(Math.max(0, outageMs - (performance.now() - crashedAt)));
      const upAt = performance.now();
      await cluster.start();
      const restartedAt = performance.now();
      const readyMs = await waitForReady(base, 15_000);
      outages.push({ crashedAt, downAt, upAt, restartedAt, readyMs });
      await pause(2_500);
    }
  } finally {
    loading = false;
    await Promise.all(clients);
  }
  return { answers, outages, readyDuringOutage };
}

/** The figures: time to the first 503 after each crash, to `/ready` 200 after each restart. */
export function outageFigures({ answers, outages }: OutageRun) {
  return {
    answers: answers.length,
    acknowledged: answers.filter((a) => a.bookingId).length,
    slowestMs: Math.round(Math.max(...answers.map((a) => a.ms))),
    msToFirst503: outages.map((o) => {
      const first = answers
        .filter((a) => a.status === 503 && a.startedAt + a.ms >= o.crashedAt)
        .map((a) => a.startedAt + a.ms)
        .sort((x, y) => x - y)[0];
      return first === undefined ? null : Math.round(first - o.crashedAt);
    }),
    msToReady: outages.map((o) => Math.round(o.readyMs)),
  };
}

/** Of `bookingIds`, those the database does not hold. */
export async function missingBookings(
  databaseUrl: string,
  bookingIds: string[],
): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string }[]>`
      select id from bookings where id = any(${bookingIds}::uuid[])`;
    const present = new Set(rows.map((r) => r.id));
    return bookingIds.filter((id) => !present.has(id));
  } finally {
    await sql.end();
  }
}
