import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings } from '../../src/db/schema/index.js';
import { slotAt } from '../support/booking-fixtures.js';
import { createRaceApp, outcome, postJson, type RaceApp } from '../support/http-races.js';

// Server only: one client sending the same keyed booking many times at once (a retrying client,
// a double tap). While the first one's transaction runs, the others are answered 409
// idempotency-key-in-flight at once (never made to wait, never a second booking); once it has
// committed, its answer is replayed. Never slot-taken against the client's own booking.

const DUPLICATES = 20;
const ROUNDS = 3;

let t: RaceApp;
beforeAll(async () => {
  t = await createRaceApp();
});
afterAll(() => t.close());

describe('concurrent duplicates of one keyed booking', () => {
  it(`${DUPLICATES} at once: one booking; the rest replay it or are told it is in flight`, async () => {
    const { patientA, doctor } = t.clinic;
    for (let round = 0; round < ROUNDS; round++) {
      const payload = { doctorId: doctor.id, startAt: slotAt(t.clinic, 5 + round, '10:00') };
      const headers = { ...patientA.headers, 'idempotency-key': `double-tap-${randomUUID()}` };
      const answers = await Promise.all(
        Array.from({ length: DUPLICATES }, () => postJson(t, headers, '/bookings', payload)),
      );
      const rows = await t.database.db
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            eq(bookings.patientId, patientA.patient.id),
            eq(bookings.startAt, new Date(payload.startAt)),
          ),
        );
      expect(rows).toHaveLength(1);
      for (const answer of answers) {
        expect(['201', '409 idempotency-key-in-flight']).toContain(outcome(answer));
        if (answer.status === 201) expect(answer.body.id).toBe(rows[0]!.id);
      }
      expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
      // After the race the key answers with the booking, replayed.
      const after = await postJson(t, headers, '/bookings', payload);
      expect(outcome(after)).toBe('201');
      expect(after.body.id).toBe(rows[0]!.id);
    }
  });
});
