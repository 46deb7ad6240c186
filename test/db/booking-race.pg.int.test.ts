import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError } from '../../src/db/errors.js';
import type { DoctorRow, LocationRow } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  makeBooking,
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
} from '../support/factories.js';

// Server only: 50 concurrent inserts of one doctor's slot through a pool of 20 connections.
// Exactly one wins, every round; the others fail with the exclusion constraint, never a 500.

const CONTENDERS = 50;
const ROUNDS = 5;

let database: TestDatabase;
let location: LocationRow;
let doctor: DoctorRow;
let patientIds: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  location = await makeLocation(db);
  const specialty = await makeSpecialty(db);
  doctor = await makeDoctor(db, { locationId: location.id, specialtyId: specialty.id });
  patientIds = [];
  for (let i = 0; i < CONTENDERS; i++) patientIds.push((await makePatient(db)).id);
  // Open the pool's connections first: a cold pool serializes the race and proves nothing.
  await Promise.all(Array.from({ length: 20 }, () => db.execute(sql`select pg_sleep(0.05)`)));
});
afterAll(() => database.drop());

describe('concurrent bookings of one slot', () => {
  it('let exactly one of 50 succeed, every round', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const startAt = new Date(Date.UTC(2027, 5, 1 + round, 9));
      const endAt = new Date(startAt.getTime() + 30 * 60_000);
      const outcomes = await Promise.allSettled(
        patientIds.map((patientId) =>
          makeBooking(database.db, {
            patientId,
            locationId: location.id,
            doctorId: doctor.id,
            startAt,
            endAt,
          }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const codes = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [pgError(o.reason)?.code] : [],
      );
      expect(won, `round ${round}`).toHaveLength(1);
      expect(codes).toEqual(Array(CONTENDERS - 1).fill('23P01'));
    }
  });
});
