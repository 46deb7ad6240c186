import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateCluster, type PrivateCluster } from '../support/cluster.js';
import {
  type Booker,
  crashUnderLoad,
  missingBookings,
  outageFigures,
  planBookers,
  prepareBookers,
  startBookingServer,
} from '../support/outage.js';
import type { RunningScript } from '../support/scripts.js';

// #9 §1: the server outlives PostgreSQL crashing under booking load. A cluster of the test's own
// is crashed (`pg_ctl -m immediate`) three times while 12 clients book distinct slots; the
// server must stay up, answer every request within its database timeouts, never acknowledge a
// booking it lost, and serve again by itself once the cluster is back. PostgreSQL pass only.

const CLIENTS = 12;
const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: 1_000, DB_POOL_TIMEOUT_MS: 1_500 };
// A request waits at most for the pool, then for a connection; the slack is a loaded machine's.
const LIMIT_MS = TIMEOUTS.DB_CONNECT_TIMEOUT_MS + TIMEOUTS.DB_POOL_TIMEOUT_MS + 3_000;
const JWT_SECRET = randomBytes(32).toString('hex');

let cluster: PrivateCluster;
let server: RunningScript;
let base: string;
let databaseUrl: string;
let bookers: Booker[];

beforeAll(async () => {
  cluster = await createPrivateCluster();
  const prepared = await prepareBookers(cluster, CLIENTS, JWT_SECRET);
  databaseUrl = prepared.databaseUrl;
  const env = Object.fromEntries(Object.entries(TIMEOUTS).map(([k, v]) => [k, String(v)]));
  ({ server, base } = await startBookingServer(databaseUrl, JWT_SECRET, env));
  bookers = await planBookers(base, prepared.doctorIds, prepared.tokens);
}, 180_000);

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await cluster?.remove();
}, 60_000);

describe('the server while PostgreSQL crashes under booking load', () => {
  it('stays up, answers within its timeouts, loses no acknowledged booking and recovers by itself', async () => {
    expect(bookers.every((b) => b.slots.length > 100)).toBe(true);
    const run = await crashUnderLoad({ cluster, base, bookers, crashes: 3, outageMs: 4_000 });
    const { answers, outages, readyDuringOutage } = run;

    // Alive, and serving.
    expect(server.child.exitCode, server.output()).toBeNull();
    expect(server.output()).not.toContain('uncaught');
    expect((await fetch(`${base}/health`)).status).toBe(200);

    // Every answer in time; only bookings and database-unavailable problems.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThanOrEqual(LIMIT_MS);
    expect([...new Set(answers.map((a) => a.status))].sort()).toEqual([201, 503]);
    for (const a of answers.filter((x) => x.status === 503)) {
      expect(a.contentType).toMatch(/^application\/problem\+json/);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(a.code).toBe('database-unavailable');
    }
    // Each outage was met by 503s only, and each recovery by bookings again.
    for (const [i, outage] of outages.entries()) {
      const during = answers.filter(
        (a) => a.startedAt >= outage.downAt && a.startedAt + a.ms < outage.upAt,
      );
      expect(during.length, `outage ${i}`).toBeGreaterThan(0);
      expect(
        during.map((a) => a.status).filter((status) => status !== 503),
        `outage ${i}`,
      ).toEqual([]);
      const next = outages[i + 1]?.crashedAt ?? Number.POSITIVE_INFINITY;
      const after = answers.filter(
        (a) => a.startedAt > outage.restartedAt + outage.readyMs && a.startedAt < next,
      );
      expect(
        after.some((a) => a.status === 201),
        `bookings after outage ${i}`,
      ).toBe(true);
      expect(outage.readyMs).toBeLessThan(10_000);
    }
    expect(readyDuringOutage.length).toBeGreaterThan(0);
    expect(readyDuringOutage.every((s) => s === 503)).toBe(true);

    // Every acknowledged booking is in the database.
    const acknowledged = answers.flatMap((a) => (a.bookingId ? [a.bookingId] : []));
    expect(await missingBookings(databaseUrl, acknowledged)).toEqual([]);
    console.info(JSON.stringify(outageFigures(run)));
  }, 240_000);
});
