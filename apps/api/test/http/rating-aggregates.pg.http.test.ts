import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOOKING_NOW,
  makeClinicBooking,
  makePatientAccount,
  type PatientAccount,
} from '../support/booking-fixtures.js';
import { createRaceApp, outcome, postJson, type RaceApp } from '../support/http-races.js';

// Server only: many patients rate one doctor at once, each twice, then all change their ratings
// at once, each twice with the same version, while an admin imports history for the same doctor.
// Afterwards the doctor's stored aggregates equal SUM and COUNT over the rating rows, and the
// answers agree: one rating per booking, one winner per compare-and-swap.

const PATIENTS = 20;
const ROUNDS = 3;

let t: RaceApp;
const visits: { patient: PatientAccount; bookingId: string }[] = [];

beforeAll(async () => {
  t = await createRaceApp();
  for (let i = 0; i < PATIENTS * ROUNDS; i++) {
    const patient = await makePatientAccount(t.database.db, t.tokens, t.clinic.location.id);
    const start = new Date(BOOKING_NOW.getTime() - (i + 1) * 3_600_000);
    const booking = await makeClinicBooking(t.database.db, t.clinic, patient, start, {
      status: 'completed',
    });
    visits.push({ patient, bookingId: booking.id });
  }
});
afterAll(() => t.close());

async function patch(patient: PatientAccount, id: string, payload: object) {
  const response = await fetch(`${t.baseUrl}/api/v1/ratings/${id}`, {
    method: 'PATCH',
    headers: { ...patient.headers, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The doctor's stored figures and the same computed from the rows, by source. */
async function figures() {
  const result = await t.database.db.execute(sql`
    select d.rating_sum as "ratingSum", d.rating_count as "ratingCount",
      d.imported_rating_sum as "importedSum", d.imported_rating_count as "importedCount",
      (select coalesce(sum(stars), 0)::int from doctor_ratings r where r.doctor_id = d.id and r.source = 'verified') as "rowSum",
      (select count(*)::int from doctor_ratings r where r.doctor_id = d.id and r.source = 'verified') as "rowCount",
      (select coalesce(sum(stars), 0)::int from doctor_ratings r where r.doctor_id = d.id and r.source = 'imported') as "rowImportedSum",
      (select count(*)::int from doctor_ratings r where r.doctor_id = d.id and r.source = 'imported') as "rowImportedCount"
    from doctors d where d.id = ${t.clinic.doctor.id}`);
  // postgres.js answers the rows as an array.
  return (result as unknown as Record<string, number>[])[0]!;
}

describe('rating aggregates under concurrency', () => {
  it('stay exact through concurrent ratings, duplicate ratings, edits and an import', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const mine = visits.slice(round * PATIENTS, (round + 1) * PATIENTS);
      const imported = Array.from({ length: 50 }, (_, i) => ({
        doctorId: t.clinic.doctor.id,
        stars: 1 + (i % 5),
        ratedAt: '2025-05-01T10:00:00Z',
        externalId: `race-${round}-${i}`,
      }));
      const created = await Promise.all([
        ...mine.flatMap(({ patient, bookingId }, i) =>
          [0, 1].map(() =>
            postJson(t, patient.headers, `/bookings/${bookingId}/rating`, { stars: 1 + (i % 5) }),
          ),
        ),
        postJson(t, t.asAdmin, '/imports/ratings', { items: imported }),
      ]);
      const importAnswer = created.pop()!;
      expect(importAnswer.status).toBe(200);
      expect((importAnswer.body.accepted as unknown[]).length).toBe(50);
      for (let i = 0; i < PATIENTS; i++) {
        expect([outcome(created[2 * i]!), outcome(created[2 * i + 1]!)].sort()).toEqual([
          '201',
          '409 already-rated',
        ]);
      }
      const ratings = created.filter((a) => a.status === 201).map((a) => a.body);
      const edits = await Promise.all(
        ratings.flatMap((rating, i) => {
          const { patient } = mine.find((v) => v.bookingId === rating.bookingId)!;
          return [5, 1].map((stars) =>
            patch(patient, String(rating.id), { version: 0, stars: (stars + i) % 5 || 5 }),
          );
        }),
      );
      for (let i = 0; i < ratings.length; i++) {
        expect([outcome(edits[2 * i]!), outcome(edits[2 * i + 1]!)].sort()).toEqual([
          '200',
          '409 version-conflict',
        ]);
      }
      const stored = await figures();
      expect(stored.ratingCount).toBe(PATIENTS * (round + 1));
      expect([stored.ratingSum, stored.ratingCount]).toEqual([stored.rowSum, stored.rowCount]);
      expect([stored.importedSum, stored.importedCount]).toEqual([
        stored.rowImportedSum,
        stored.rowImportedCount,
      ]);
      const shown = (await (
        await fetch(`${t.baseUrl}/api/v1/doctors/${t.clinic.doctor.id}`)
      ).json()) as Record<string, unknown>;
      expect(shown).toMatchObject({
        ratingCount: stored.rowCount,
        ratingAvg: Math.round((stored.rowSum! / stored.rowCount!) * 100) / 100,
        importedRatingCount: stored.rowImportedCount,
      });
    }
  });
});
