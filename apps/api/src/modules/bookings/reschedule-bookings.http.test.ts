import { randomUUID } from 'node:crypto';
import type { BookingView } from '@medsync/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  bookingRow,
  type Clinic,
  injectAudited,
  makeClinic,
  makeClinicBooking,
  makeColleague,
  makePatientAccount,
  type PatientAccount,
  slotAt,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeAccount } from '../../../test/support/identities.js';
import { doctors } from '../../db/schema/index.js';

// Rescheduling over HTTP: one transaction moves the booking, so the old slot is given up only
// when the new one is taken; a refused move leaves the booking exactly as it was.

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
beforeAll(async () => {
  t = await createTestApp({ env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' }, clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterEach(() => clock.set(BOOKING_NOW));
afterAll(() => t.close());

type Caller = { headers: { authorization: string } };
const book = (who: Caller, payload: object) =>
  injectAudited(t, { method: 'POST', url: '/api/v1/bookings', headers: who.headers, payload });
const reschedule = (who: Caller, id: string, version: number, startAt: string) =>
  injectAudited(t, {
    method: 'POST',
    url: `/api/v1/bookings/${id}/reschedule`,
    headers: who.headers,
    payload: { version, startAt },
  });

/** Books `bookable` (the clinic's doctor by default) `days` ahead at `time` for `who`. */
async function booked(
  who: PatientAccount,
  days: number,
  time: string,
  bookable: object = { doctorId: clinic.doctor.id },
): Promise<BookingView> {
  const { response } = await book(who, { ...bookable, startAt: slotAt(clinic, days, time) });
  expect(response.statusCode).toBe(201);
  return body<BookingView>(response);
}

describe('POST /bookings/{id}/reschedule', () => {
  it('moves the booking and frees its old slot for another patient', async () => {
    const { patientA, patientB, doctor } = clinic;
    const before = await booked(patientA, 1, '09:00');
    const { response, events } = await reschedule(
      patientA,
      before.id,
      before.version,
      slotAt(clinic, 1, '11:00'),
    );
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({
      id: before.id,
      status: 'booked',
      startAt: '2027-03-02T11:00:00+01:00',
      endAt: '2027-03-02T11:30:00+01:00',
      version: before.version + 1,
      price: before.price,
    });
    expect(events).toMatchObject([
      {
        action: 'booking.reschedule',
        outcome: 'success',
        resourceId: before.id,
        patientId: patientA.patient.id,
      },
    ]);
    const freed = await book(patientB, { doctorId: doctor.id, startAt: before.startAt });
    expect(freed.response.statusCode).toBe(201);
  });

  it('answers 409 slot-taken onto a taken slot and leaves the booking unchanged', async () => {
    const { patientA, patientB } = clinic;
    const mine = await booked(patientA, 2, '09:00');
    const theirs = await booked(patientB, 2, '10:00');
    const rowBefore = await bookingRow(t, mine.id);
    const { response, events } = await reschedule(patientA, mine.id, mine.version, theirs.startAt);
    expectProblem(response, 409, 'slot-taken');
    expect(events).toMatchObject([{ action: 'booking.reschedule', outcome: 'failure' }]);
    expect(await bookingRow(t, mine.id)).toEqual(rowBefore);
    // Its own slot is still its own: nobody else can take it.
    const { response: other } = await book(patientB, {
      doctorId: clinic.doctor.id,
      startAt: mine.startAt,
    });
    expectProblem(other, 409);
  });

  it('answers 409 patient-overlap onto a time the patient is booked with another doctor', async () => {
    const db = t.database.db;
    const { patientA } = clinic;
    const other = await makeColleague(db, clinic);
    const mine = await booked(patientA, 3, '09:00');
    await booked(patientA, 3, '10:00', { doctorId: other.id });
    const rowBefore = await bookingRow(t, mine.id);
    const { response } = await reschedule(
      patientA,
      mine.id,
      mine.version,
      slotAt(clinic, 3, '10:00'),
    );
    expectProblem(response, 409, 'patient-overlap');
    expect(await bookingRow(t, mine.id)).toEqual(rowBefore);
  });

  it('answers 409 version-conflict for a stale version, and 422 for no bookable slot', async () => {
    const { patientA } = clinic;
    const mine = await booked(patientA, 4, '09:00');
    const rowBefore = await bookingRow(t, mine.id);
    const stale = await reschedule(patientA, mine.id, mine.version + 1, slotAt(clinic, 4, '11:00'));
    expectProblem(stale.response, 409, 'version-conflict');
    const offGrid = await reschedule(patientA, mine.id, mine.version, slotAt(clinic, 4, '11:10'));
    expectProblem(offGrid.response, 422, 'slot-off-grid');
    const closed = await reschedule(patientA, mine.id, mine.version, slotAt(clinic, 4, '20:00'));
    expectProblem(closed.response, 422, 'slot-outside-hours');
    expect(await bookingRow(t, mine.id)).toEqual(rowBefore);
  });

  it('keeps the price fixed at booking, whatever the doctor charges now', async () => {
    const db = t.database.db;
    const { doctor } = clinic;
    const patient = await makePatientAccount(db, t.tokens);
    const mine = await booked(patient, 5, '09:00');
    await db.update(doctors).set({ price: '150.00' }).where(eq(doctors.id, doctor.id));
    try {
      const { response } = await reschedule(
        patient,
        mine.id,
        mine.version,
        slotAt(clinic, 5, '12:00'),
      );
      expect(response.statusCode).toBe(200);
      expect(body(response)).toMatchObject({ price: '100.00', currency: 'EUR' });
      expect((await bookingRow(t, mine.id)).price).toBe('100.00');
    } finally {
      await db.update(doctors).set({ price: '100.00' }).where(eq(doctors.id, doctor.id));
    }
  });

  it('moves a diagnostic booking onto a free unit, not onto a full slot', async () => {
    const db = t.database.db;
    const scan = { diagnosticLocationId: clinic.scanner.id };
    const full = slotAt(clinic, 6, '10:00');
    for (let i = 0; i < 2; i++)
      await booked(await makePatientAccount(db, t.tokens), 6, '10:00', scan);
    const other = await makePatientAccount(db, t.tokens);
    await booked(other, 6, '11:00', scan);
    const patient = await makePatientAccount(db, t.tokens);
    const mine = await booked(patient, 6, '09:00', scan);
    expectProblem(
      (await reschedule(patient, mine.id, mine.version, full)).response,
      409,
      'slot-taken',
    );
    const { response } = await reschedule(
      patient,
      mine.id,
      mine.version,
      slotAt(clinic, 6, '11:00'),
    );
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ startAt: slotAt(clinic, 6, '11:00'), price: '50.00' });
    expect((await bookingRow(t, mine.id)).capacityUnit).toBe(2);
  });

  it('releases an expired hold in the way', async () => {
    const { patientB, doctor } = clinic;
    const patientA = await makePatientAccount(t.database.db, t.tokens);
    const mine = await booked(patientA, 7, '09:00');
    const { response: heldResponse } = await book(patientB, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 7, '10:00'),
      hold: true,
    });
    const held = body<BookingView>(heldResponse);
    const target = slotAt(clinic, 7, '10:00');
    expectProblem((await reschedule(patientA, mine.id, mine.version, target)).response, 409);
    clock.advance(t.config.booking.holdMinutes);
    const { response } = await reschedule(patientA, mine.id, mine.version, target);
    expect(response.statusCode).toBe(200);
    expect((await bookingRow(t, held.id)).status).toBe('expired');
  });

  it('answers 409 not-booked for a hold, a cancelled booking, or one that has started', async () => {
    const db = t.database.db;
    const { patientA, doctor } = clinic;
    const { response: heldResponse } = await book(patientA, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 8, '09:00'),
      hold: true,
    });
    const held = body<BookingView>(heldResponse);
    const target = slotAt(clinic, 8, '15:00');
    expectProblem((await reschedule(patientA, held.id, 0, target)).response, 409, 'not-booked');
    const cancelled = await makeClinicBooking(db, clinic, patientA, slotAt(clinic, 8, '10:00'), {
      status: 'cancelled',
    });
    expectProblem(
      (await reschedule(patientA, cancelled.id, cancelled.version, target)).response,
      409,
      'not-booked',
    );
    const started = await makeClinicBooking(
      db,
      clinic,
      patientA,
      new Date(BOOKING_NOW.getTime() - 10 * 60_000),
    );
    expectProblem(
      (await reschedule(patientA, started.id, started.version, target)).response,
      409,
      'booking-started',
    );
  });
});

describe('who may reschedule', () => {
  it('lets staff of the location move a booking of their patient', async () => {
    const mine = await booked(clinic.patientB, 9, '09:00');
    const { response, events } = await reschedule(
      clinic.staff,
      mine.id,
      mine.version,
      slotAt(clinic, 9, '13:00'),
    );
    expect(response.statusCode).toBe(200);
    expect(events).toMatchObject([
      { action: 'booking.reschedule', outcome: 'success', actorId: clinic.staff.account.id },
    ]);
  });

  it('answers other patients and staff elsewhere 404, like a missing id, audited denied', async () => {
    const { patientA, patientB, staffElsewhere } = clinic;
    const mine = await booked(patientA, 10, '09:00');
    const rowBefore = await bookingRow(t, mine.id);
    const target = slotAt(clinic, 10, '13:00');
    const { requestId: _, ...missing } = expectProblem(
      (await reschedule(patientB, randomUUID(), 0, target)).response,
      404,
    );
    for (const other of [patientB, staffElsewhere]) {
      const { response, events } = await reschedule(other, mine.id, mine.version, target);
      const { requestId: __, ...refused } = expectProblem(response, 404, 'not-found');
      expect(refused).toEqual(missing);
      expect(events).toMatchObject([
        {
          action: 'booking.reschedule',
          outcome: 'denied',
          resourceId: mine.id,
          patientId: patientA.patient.id,
        },
      ]);
    }
    expect(await bookingRow(t, mine.id)).toEqual(rowBefore);
  });

  it('is refused to doctors and admins with 403', async () => {
    const mine = await booked(clinic.patientA, 10, '10:00');
    const admin = await makeAccount(t.database.db, t.tokens, 'admin');
    for (const who of [clinic.doctorAccount, admin]) {
      const { response, events } = await reschedule(
        who,
        mine.id,
        mine.version,
        slotAt(clinic, 10, '14:00'),
      );
      expectProblem(response, 403, 'forbidden');
      // Recorded by the policy with the id asked for; the booking is not read.
      expect(events).toEqual([
        expect.objectContaining({
          action: 'booking.reschedule',
          outcome: 'denied',
          resourceId: mine.id,
          patientId: null,
        }),
      ]);
    }
  });
});
