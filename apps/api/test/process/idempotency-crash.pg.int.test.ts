import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { bookings } from '../../src/db/schema/index.js';
import { AccessTokens } from '../../src/modules/auth/tokens.js';
import {
  type ClinicSite,
  makeClinicSite,
  makeColleague,
  makePatientAccount,
  type PatientAccount,
} from '../support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { outputMatching, type RunningScript, startScript } from '../support/scripts.js';

// `kill -9` of the server in the middle of keyed booking load. Ten clients book, each its own
// patient and doctor and a new Idempotency-Key per booking, until the server dies under them;
// after a restart every request left without an answer is sent again with its key and body.
// Every key must end with a 201 (fresh or replayed), each booking exactly once, and no client
// may be told slot-taken about a booking of its own.

const JWT_SECRET = 'idempotency-crash-secret-0123456789abcdef';
const CLIENTS = 10;
const KILL_AFTER_ANSWERS = 40;
const TIMEOUT_MS = 240_000; // two server starts and the load, on a busy 2-core machine

interface Sent {
  key: string;
  payload: { doctorId: string; startAt: string };
  /** The last answer: status and body; null while unanswered (the connection died). */
  answer: { status: number; body: Record<string, unknown> } | null;
}

let database: TestDatabase;
let site: ClinicSite;
const patients: PatientAccount[] = [];
const doctorIds: string[] = [];
const servers: RunningScript[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const tokens = new AccessTokens(loadConfig({ JWT_SECRET }).auth);
  site = await makeClinicSite(database.db);
  for (let i = 0; i < CLIENTS; i++) {
    patients.push(await makePatientAccount(database.db, tokens, site.location.id));
    doctorIds.push(i === 0 ? site.doctor.id : (await makeColleague(database.db, site)).id);
  }
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await database.drop();
});

async function startServer(): Promise<{ server: RunningScript; url: string }> {
  const server = startScript('src/server.ts', {
    DATABASE_URL: database.url!,
    JWT_SECRET,
    AUDIT_CHAIN_KEY: 'c'.repeat(64),
    PORT: '0',
    SEED_DEMO_DATA: 'false',
    BOOKING_RATE_LIMIT_PER_MINUTE: '100000',
    BOOKING_MAX_ACTIVE_PER_PATIENT: '1000',
  });
  servers.push(server);
  const [, port] = await outputMatching(server, /Server listening at http:\/\/127\.0\.0\.1:(\d+)/);
  return { server, url: `http://127.0.0.1:${port}/api/v1` };
}

/** Client `client`'s n-th slot: its doctor, 08:00–17:30 in Berlin, from the day after tomorrow. */
function slot(client: number, n: number): Sent['payload'] {
  const zone = site.location.timeZone;
  const startAt = Temporal.Now.zonedDateTimeISO(zone)
    .toPlainDate()
    .add({ days: 2 + Math.floor(n / 20) })
    .toPlainDateTime(Temporal.PlainTime.from({ hour: 8 }).add({ minutes: 30 * (n % 20) }))
    .toZonedDateTime(zone)
    .toString({ timeZoneName: 'never' });
  return { doctorId: doctorIds[client]!, startAt };
}

/** Sends one booking; the answer, or null if the connection died before a whole answer. */
async function send(url: string, client: number, sent: Sent): Promise<Sent['answer']> {
  try {
    const response = await fetch(`${url}/bookings`, {
      method: 'POST',
      headers: {
        ...patients[client]!.headers,
        'content-type': 'application/json',
        'idempotency-key': sent.key,
      },
      body: JSON.stringify(sent.payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** One client booking slot after slot until its server stops answering. */
async function bookUntilDown(url: string, client: number, log: Sent[]): Promise<void> {
  for (let n = 0; ; n++) {
    const sent: Sent = { key: `crash-${client}-${n}`, payload: slot(client, n), answer: null };
    log.push(sent);
    sent.answer = await send(url, client, sent);
    if (sent.answer === null) return;
  }
}

/** Sends a request again with its key and body until it is answered other than 409 in flight. */
async function retry(url: string, client: number, sent: Sent): Promise<void> {
  for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
    sent.answer = await send(url, client, sent);
    const inFlight = sent.answer?.body.code === 'idempotency-key-in-flight';
    if ((sent.answer && !inFlight) || Date.now() > deadline) return;
  }
}

describe('kill -9 of the server under keyed booking load', () => {
  it(
    'answers every key after a restart: one booking per key, none refused as slot-taken',
    async () => {
      const first = await startServer();
      const logs: Sent[][] = patients.map(() => []);
      const load = logs.map((log, client) => bookUntilDown(first.url, client, log));
      const answered = () => logs.flat().filter((s) => s.answer !== null).length;
      for (const deadline = Date.now() + 60_000; answered() < KILL_AFTER_ANSWERS; await sleep(10)) {
        if (Date.now() > deadline)
          throw new Error(`only ${answered()} answers:\n${first.server.output()}`);
      }
      first.server.child.kill('SIGKILL');
      await Promise.all(load);
      expect(await first.server.exited).toBeNull(); // killed, not exited

      const unanswered = logs.map((log) => log.filter((s) => s.answer?.status !== 201));
      // Requests were in flight when it died (each client's last at least).
      expect(unanswered.flat().length).toBeGreaterThanOrEqual(CLIENTS);

      const second = await startServer();
      await Promise.all(
        unanswered.map((sents, client) =>
          Promise.all(sents.map((sent) => retry(second.url, client, sent))),
        ),
      );
      second.server.child.kill('SIGTERM');
      await second.server.exited;

      const outcomes = logs.flat().map((s) => s.answer?.status ?? 'no answer');
      const refused = logs
        .flat()
        .filter((s) => s.answer?.status !== 201)
        .map((s) => `${s.key}: ${s.answer?.status ?? '-'} ${String(s.answer?.body.code ?? '')}`);
      expect(refused).toEqual([]);
      expect(new Set(outcomes)).toEqual(new Set([201]));

      // Exactly one booking per key, and it is the one the key answers with.
      for (const [client, log] of logs.entries()) {
        const rows = await database.db
          .select({ id: bookings.id, startAt: bookings.startAt })
          .from(bookings)
          .where(eq(bookings.patientId, patients[client]!.patient.id));
        expect(rows.map((r) => r.id).sort()).toEqual(log.map((s) => s.answer!.body.id).sort());
        expect(new Set(rows.map((r) => r.startAt.getTime())).size).toBe(rows.length);
      }
    },
    TIMEOUT_MS,
  );
});
