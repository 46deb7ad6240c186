import { randomUUID } from 'node:crypto';
import type { BookingView } from '@medsync/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  bookingRow,
  type Clinic,
  injectAudited,
  makeClinic,
  makeColleague,
  makePatientAccount,
  type PatientAccount,
  slotAt,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeAccount } from '../../../test/support/identities.js';

// Holds over HTTP: a held slot is neither offered nor bookable by others until it lapses
// (BOOKING_HOLD_MINUTES, 5 by default); the holder confirms it with the version they read.
// The clock starts at BOOKING_NOW; tests that move it put it back.

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
let holdMinutes: number;
beforeAll(async () => {
  t = await createTestApp({ env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' }, clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
  holdMinutes = t.config.booking.holdMinutes;
});
afterEach(() => clock.set(BOOKING_NOW));
afterAll(() => t.close());

const book = (who: { headers: { authorization: string } }, payload: object) =>
  injectAudited(t, { method: 'POST', url: '/api/v1/bookings', headers: who.headers, payload });
const confirm = (who: { headers: { authorization: string } }, id: string, version: number) =>
  injectAudited(t, {
    method: 'POST',
    url: `/api/v1/bookings/${id}/confirm`,
    headers: who.headers,
    payload: { version },
  });

/** Holds the doctor's slot `days` ahead at `time` for `who`; returns the hold. */
async function hold(who: PatientAccount, days: number, time: string): Promise<BookingView> {
  const { response } = await book(who, {
    doctorId: clinic.doctor.id,
    startAt: slotAt(clinic, days, time),
    hold: true,
  });
  expect(response.statusCode).toBe(201);
  return body<BookingView>(response);
}

describe('holding a slot', () => {
  it('holds it for a few minutes: 201 held, the expiry stated, audited booking.hold', async () => {
    const { patientA, doctor } = clinic;
    const { response, events } = await book(patientA, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 1, '09:00'),
      hold: true,
    });
    expect(response.statusCode).toBe(201);
    const held = body<BookingView>(response);
    expect(held).toMatchObject({
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() + holdMinutes * 60_000).toISOString(),
      price: '100.00',
      version: 0,
    });
    expect(events).toMatchObject([
      { action: 'booking.hold', outcome: 'success', resourceId: held.id },
    ]);
  });

  it('is neither offered nor bookable by others while it lasts', async () => {
    const { patientA, patientB, doctor } = clinic;
    const startAt = slotAt(clinic, 2, '09:00');
    await hold(patientA, 2, '09:00');
    const offered = await t.app.inject({
      url: `/api/v1/doctors/${doctor.id}/availability?from=2027-03-03&to=2027-03-03`,
    });
    expect(offered.statusCode).toBe(200);
    const starts = body<{ slots: { startAt: string }[] }>(offered).slots.map((s) => s.startAt);
    expect(starts).toContain(slotAt(clinic, 2, '09:30'));
    expect(starts).not.toContain(startAt);
    const { response } = await book(patientB, { doctorId: doctor.id, startAt });
    expectProblem(response, 409, 'slot-taken');
  });

  it('frees the slot once it lapses: another patient books it and the hold is expired', async () => {
    const { patientA, patientB, doctor } = clinic;
    const held = await hold(patientA, 3, '09:00');
    clock.advance(holdMinutes);
    const { response } = await book(patientB, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 3, '09:00'),
    });
    expect(response.statusCode).toBe(201);
    expect(body(response)).toMatchObject({ patientId: patientB.patient.id, status: 'booked' });
    expect(await bookingRow(t, held.id)).toMatchObject({ status: 'expired', holdExpiresAt: null });
  });

  it('does not keep its holder from booking elsewhere at that time once it lapses', async () => {
    const db = t.database.db;
    const { patientA } = clinic;
    const other = await makeColleague(db, clinic);
    const held = await hold(patientA, 4, '09:00');
    const startAt = slotAt(clinic, 4, '09:00');
    expectProblem((await book(patientA, { doctorId: other.id, startAt })).response, 409);
    clock.advance(holdMinutes);
    const { response } = await book(patientA, { doctorId: other.id, startAt });
    expect(response.statusCode).toBe(201);
    expect((await bookingRow(t, held.id)).status).toBe('expired');
  });

  it('frees a diagnostic unit once it lapses', async () => {
    const startAt = slotAt(clinic, 5, '09:00');
    const holders = [
      await makePatientAccount(t.database.db, t.tokens),
      await makePatientAccount(t.database.db, t.tokens),
    ];
    for (const holder of holders) {
      const { response } = await book(holder, {
        diagnosticLocationId: clinic.scanner.id,
        startAt,
        hold: true,
      });
      expect(response.statusCode).toBe(201);
    }
    const late = await makePatientAccount(t.database.db, t.tokens);
    const payload = { diagnosticLocationId: clinic.scanner.id, startAt };
    expectProblem((await book(late, payload)).response, 409, 'slot-taken');
    clock.advance(holdMinutes);
    const { response } = await book(late, payload);
    expect(response.statusCode).toBe(201);
    expect((await bookingRow(t, body<BookingView>(response).id)).capacityUnit).toBe(1);
  });
});

describe('POST /bookings/{id}/confirm', () => {
  it('books the held slot for its holder: 200 booked, version bumped, audited', async () => {
    const { patientA } = clinic;
    const held = await hold(patientA, 6, '09:00');
    clock.advance(holdMinutes - 1);
    const { response, events } = await confirm(patientA, held.id, held.version);
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({
      id: held.id,
      status: 'booked',
      holdExpiresAt: null,
      version: held.version + 1,
      startAt: held.startAt,
      price: held.price,
    });
    expect(events).toMatchObject([
      {
        action: 'booking.confirm',
        outcome: 'success',
        resourceId: held.id,
        patientId: patientA.patient.id,
      },
    ]);
  });

  it('lets staff of the location confirm a hold', async () => {
    const held = await hold(clinic.patientB, 6, '10:00');
    const { response } = await confirm(clinic.staff, held.id, held.version);
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ status: 'booked' });
  });

  it('answers 409 hold-expired once the hold lapsed, and marks it expired for good', async () => {
    const { patientA } = clinic;
    const held = await hold(patientA, 7, '09:00');
    clock.advance(holdMinutes);
    const { response, events } = await confirm(patientA, held.id, held.version);
    expectProblem(response, 409, 'hold-expired');
    expect(events).toMatchObject([
      { action: 'booking.confirm', outcome: 'failure', resourceId: held.id },
    ]);
    expect(await bookingRow(t, held.id)).toMatchObject({
      status: 'expired',
      holdExpiresAt: null,
      version: held.version + 1,
    });
    expectProblem((await confirm(patientA, held.id, held.version)).response, 409, 'hold-expired');
  });

  it('answers 409 version-conflict for a version other than the one stored', async () => {
    const held = await hold(clinic.patientA, 8, '09:00');
    const { response, events } = await confirm(clinic.patientA, held.id, held.version + 3);
    expectProblem(response, 409, 'version-conflict');
    expect(events).toMatchObject([{ action: 'booking.confirm', outcome: 'failure' }]);
    expect(await bookingRow(t, held.id)).toMatchObject({ status: 'held', version: held.version });
  });

  it('answers 409 for a booking that is no hold (already confirmed)', async () => {
    const held = await hold(clinic.patientA, 8, '10:00');
    const confirmed = body<BookingView>((await confirm(clinic.patientA, held.id, 0)).response);
    const again = await confirm(clinic.patientA, held.id, confirmed.version);
    expectProblem(again.response, 409, 'not-held');
    const stale = await confirm(clinic.patientA, held.id, held.version);
    expectProblem(stale.response, 409, 'version-conflict');
  });

  it('answers anyone else 404, like a missing id, audited denied against the holder', async () => {
    const { patientA, patientB, staffElsewhere } = clinic;
    const held = await hold(patientA, 9, '09:00');
    const { requestId: _, ...missing } = expectProblem(
      (await confirm(patientB, randomUUID(), 0)).response,
      404,
    );
    for (const other of [patientB, staffElsewhere]) {
      const { response, events } = await confirm(other, held.id, held.version);
      const { requestId: __, ...refused } = expectProblem(response, 404, 'not-found');
      expect(refused).toEqual(missing);
      expect(events).toMatchObject([
        {
          action: 'booking.confirm',
          outcome: 'denied',
          resourceId: held.id,
          patientId: patientA.patient.id,
          actorId: other.account.id,
        },
      ]);
    }
    expect(await bookingRow(t, held.id)).toMatchObject({ status: 'held', version: held.version });
  });

  it('is refused to doctors and admins with 403', async () => {
    const held = await hold(clinic.patientA, 9, '10:00');
    const admin = await makeAccount(t.database.db, t.tokens, 'admin');
    for (const who of [clinic.doctorAccount, admin]) {
      expectProblem((await confirm(who, held.id, held.version)).response, 403, 'forbidden');
    }
  });
});
