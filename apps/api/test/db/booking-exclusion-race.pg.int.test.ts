import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { pgError } from '../../src/db/errors.js';
import { BookingWrites } from '../../src/modules/bookings/repository.js';
import { type ClinicSite, makeClinicSite } from '../support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase, warmPool } from '../support/database.js';
import { makeBooking, makePatient } from '../support/factories.js';

// Server only: 50 concurrent bookings of one doctor's slot, each in its own transaction.
//
// Measured here: unserialized inserts on an exclusion constraint can wait on each other's
// uncommitted rows in cycles that PostgreSQL breaks only after deadlock_timeout (1 s), one cycle
// at a time: the guarantee holds, but 49 losers may take tens of seconds. So the booking write
// path serializes per doctor with a transaction-level advisory lock, then inserts: losers get a
// prompt 23P01 and the constraint stays the backstop.

const CONTENDERS = 50;
const ROUNDS = 5;

let database: TestDatabase;
let site: ClinicSite;
let patientIds: string[];
let round = 0;
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  site = await makeClinicSite(db);
  patientIds = [];
  for (let i = 0; i < CONTENDERS; i++) patientIds.push((await makePatient(db)).id);
  await warmPool(database);
});
afterAll(() => database.drop());

/** Every contender books the same new half hour; returns the winners and the losers' SQLSTATEs. */
async function race(prepare: (tx: Database, patientId: string) => Promise<unknown>) {
  const startAt = new Date(Date.UTC(2027, 5, 1 + round++, 9));
  const endAt = new Date(startAt.getTime() + 30 * 60_000);
  const outcomes = await Promise.allSettled(
    patientIds.map((patientId) =>
      database.db.transaction(async (tx) => {
        await prepare(tx as unknown as Database, patientId);
        const values = {
          patientId,
          locationId: site.location.id,
          doctorId: site.doctor.id,
          startAt,
          endAt,
        };
        return makeBooking(tx as unknown as Database, values);
      }),
    ),
  );
  return {
    winners: outcomes.filter((o) => o.status === 'fulfilled').length,
    codes: outcomes.flatMap((o) => (o.status === 'rejected' ? [pgError(o.reason)?.code] : [])),
  };
}

describe('concurrent bookings of one slot', () => {
  it('serialized per doctor (the booking write path): one wins, 49 get 23P01, every round', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { winners, codes } = await race((tx, patientId) =>
        new BookingWrites(tx).lock(patientId, { doctorId: site.doctor.id }),
      );
      expect(winners).toBe(1);
      expect(codes).toEqual(Array(CONTENDERS - 1).fill('23P01'));
    }
  });

  it('unserialized (raw inserts): never two winners; every loser refused by the database', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      // Only so that the test is quick: deadlock cycles are broken after 20 ms, not 1 s.
      const { winners, codes } = await race((tx) =>
        tx.execute(sql`set local deadlock_timeout = '20ms'`),
      );
      expect(winners).toBe(1);
      expect(codes).toHaveLength(CONTENDERS - 1);
      for (const code of codes) expect(['23P01', '40P01']).toContain(code);
    }
  });
});
