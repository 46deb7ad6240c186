import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  makeClinic,
  makeClinicBooking,
} from '../../../test/support/booking-fixtures.js';
import { doctorRatings, doctors } from '../../db/schema/index.js';
import { AuditLog } from '../audit/index.js';
import { RatingService } from './service.js';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof makeClinic>>;
let service: RatingService;

beforeAll(async () => {
  t = await createTestApp({ clock: () => BOOKING_NOW });
  clinic = await makeClinic(t.database.db, t.tokens);
  service = new RatingService({
    db: t.database.db,
    audit: new AuditLog(),
    clock: () => BOOKING_NOW,
  });
});
afterAll(() => t.close());

async function rated(
  patient: typeof clinic.patientA,
  days: number,
  stars: number,
  comment?: string,
) {
  const booking = await makeClinicBooking(
    t.database.db,
    clinic,
    patient,
    new Date(BOOKING_NOW.getTime() - days * 86_400_000),
    { status: 'completed' },
  );
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${booking.id}/rating`,
    headers: patient.headers,
    payload: { stars, ...(comment ? { comment } : {}) },
  });
  expect(response.statusCode).toBe(201);
}

describe('RatingService.eraseCommentsOf', () => {
  it('removes the comments of one patient’s ratings in the caller’s transaction; stars and figures stay', async () => {
    await rated(clinic.patientA, 3, 5, 'Kind');
    await rated(clinic.patientA, 4, 2, 'Late');
    await rated(clinic.patientA, 5, 4);
    await rated(clinic.patientB, 6, 1, 'Not mine to erase');
    const [before] = await t.database.db
      .select()
      .from(doctors)
      .where(eq(doctors.id, clinic.doctor.id));

    const erased = await t.database.db.transaction((tx) =>
      service.eraseCommentsOf(tx, clinic.patientA.patient.id),
    );
    expect(erased).toBe(2);
    const rows = await t.database.db.select().from(doctorRatings);
    const ofA = rows.filter((r) => r.patientId === clinic.patientA.patient.id);
    expect(ofA.map((r) => r.comment)).toEqual([null, null, null]);
    expect(ofA.map((r) => r.stars).sort()).toEqual([2, 4, 5]);
    expect(rows.find((r) => r.patientId === clinic.patientB.patient.id)?.comment).toBe(
      'Not mine to erase',
    );
    const [after] = await t.database.db
      .select()
      .from(doctors)
      .where(eq(doctors.id, clinic.doctor.id));
    expect([after!.ratingSum, after!.ratingCount]).toEqual([
      before!.ratingSum,
      before!.ratingCount,
    ]);
    expect(
      await t.database.db.transaction((tx) =>
        service.eraseCommentsOf(tx, clinic.patientA.patient.id),
      ),
    ).toBe(0);
  });

  it('leaves nothing erased when the caller’s transaction rolls back', async () => {
    await rated(clinic.patientB, 8, 3, 'Kept');
    await expect(
      t.database.db.transaction(async (tx) => {
        expect(await service.eraseCommentsOf(tx, clinic.patientB.patient.id)).toBe(2);
        throw new Error('erasure failed later');
      }),
    ).rejects.toThrow('erasure failed later');
    const rows = await t.database.db
      .select()
      .from(doctorRatings)
      .where(eq(doctorRatings.patientId, clinic.patientB.patient.id));
    expect(rows.map((r) => r.comment).sort()).toEqual(['Kept', 'Not mine to erase']);
  });
});
