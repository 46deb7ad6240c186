import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BookingView } from '@medsync/contracts';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, idempotencyKeys } from '../../src/db/schema/index.js';
import { body, createTestApp, type TestApp } from '../support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinic,
  type PatientAccount,
  slotAt,
} from '../support/booking-fixtures.js';
import { type CommitTrap, startCommitTrap, type TrapMode } from '../support/commit-trap.js';

// The app's connection to PostgreSQL dies at the COMMIT of a keyed booking, through a proxy
// (test/support/commit-trap.ts): before the COMMIT reaches the server (rolled back), or after
// the server committed but before the app hears it (the app cannot know which). A retry with
// the same key and body must get the booking if it committed and create exactly one if not:
// never a duplicate, never slot-taken against the client's own booking, never a stuck key.

let trap: CommitTrap;
let t: TestApp;
let clinic: Clinic;
beforeAll(async () => {
  const server = process.env.TEST_DATABASE_URL!;
  trap = await startCommitTrap(server, 'idempotency_keys');
  t = await createTestApp({
    env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' },
    clock: () => BOOKING_NOW,
    // The test database's name, on the proxy's address.
    connectVia: (url) => {
      const through = new URL(trap.url);
      through.pathname = new URL(url).pathname;
      return through.toString();
    },
  });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(async () => {
  await t.close();
  await trap.close();
});

const book = (patient: PatientAccount, key: string, startAt: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: { ...patient.headers, 'idempotency-key': key },
    payload: { doctorId: clinic.doctor.id, startAt },
  });

/**
 * Retries until the answer is not 409 in flight: the server may take a moment to notice the
 * lost connection and roll its transaction back. Returns the answer and how long it took.
 */
async function retry(patient: PatientAccount, key: string, startAt: string) {
  const begun = Date.now();
  for (;;) {
    const answer = await book(patient, key, startAt);
    if (answer.statusCode !== 409 || Date.now() - begun > 10_000) {
      return { answer, ms: Date.now() - begun };
    }
    expect(body(answer).code).toBe('idempotency-key-in-flight');
    await sleep(50);
  }
}

const bookingsAt = (patient: PatientAccount, startAt: string) =>
  t.database.db
    .select()
    .from(bookings)
    .where(
      and(eq(bookings.patientId, patient.patient.id), eq(bookings.startAt, new Date(startAt))),
    );

async function loseCommit(mode: TrapMode, day: number) {
  const patient = clinic[mode === 'before' ? 'patientA' : 'patientB'];
  const startAt = slotAt(clinic, day, '09:00');
  const key = `commit-lost-${randomUUID()}`;
  const fired = trap.arm(mode);
  const lost: LightMyRequestResponse = await book(patient, key, startAt);
  await fired;
  expect(lost.statusCode).toBeGreaterThanOrEqual(500);
  const { answer, ms } = await retry(patient, key, startAt);
  return { patient, startAt, key, answer, ms };
}

describe('a keyed booking whose connection dies at COMMIT', () => {
  it('rolled back (COMMIT never reached the server): the retry books it, exactly once', async () => {
    const { patient, startAt, key, answer, ms } = await loseCommit('before', 3);
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
    expect(ms).toBeLessThan(5_000); // the dead transaction's claim went with it
    const rows = await bookingsAt(patient, startAt);
    expect(rows.map((r) => r.id)).toEqual([body<BookingView>(answer).id]);
    // And the key now holds that answer.
    const replay = await book(patient, key, startAt);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(body(replay)).toEqual(body(answer));
  });

  it('committed but unheard: the retry replays the booking that committed, no second one', async () => {
    const { patient, startAt, key, answer } = await loseCommit('after', 4);
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['idempotent-replayed']).toBe('true');
    const rows = await bookingsAt(patient, startAt);
    expect(rows).toHaveLength(1);
    expect(body<BookingView>(answer).id).toBe(rows[0]!.id);
    const [stored] = await t.database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, patient.account.id), eq(idempotencyKeys.key, key)));
    expect(stored).toMatchObject({ responseStatus: 201 });
  });
});
