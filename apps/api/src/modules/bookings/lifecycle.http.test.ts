import { randomUUID } from 'node:crypto';
import type { BookingView, Transition } from '@medsync/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  createTestApp,
  expectProblem,
  type TestApp,
  withoutRequestId,
} from '../../../test/support/app.js';
import {
  auditEventsOf,
  BOOKING_NOW,
  bookingRow,
  type Clinic,
  makeClinic,
  makeClinicBooking,
  type PatientAccount,
  slotAt,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import type { BookingRow } from '../../db/schema/index.js';

// POST /bookings/{id}/{cancel,check-in,complete,no-show}: who may make which change, the
// compare-and-swap on `version`, timing rules, a freed slot, one audit event per request.

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
let otherDoctor: TestAccount;

beforeAll(async () => {
  t = await createTestApp({ clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
  otherDoctor = await makeAccount(t.database.db, t.tokens, 'doctor');
});
afterEach(() => clock.set(BOOKING_NOW));
afterAll(() => t.close());

type Headers = { authorization: string };
const HOUR = 3600_000;
let future = 0;
let past = 0;

/** A 30-minute booking with the clinic's doctor, each in its own hour: ten days ahead or past. */
const book = (patient: PatientAccount, values: Partial<BookingRow> = {}) => {
  const start = new Date(BOOKING_NOW.getTime() + (240 + future++) * HOUR);
  return makeClinicBooking(t.database.db, clinic, patient, start, values);
};
const bookPast = (patient: PatientAccount, values: Partial<BookingRow> = {}) => {
  const start = new Date(BOOKING_NOW.getTime() - (1 + past++) * HOUR);
  return book(patient, { startAt: start, endAt: new Date(start.getTime() + HOUR / 2), ...values });
};

const change = (action: Transition, id: string, version: number, headers: Headers) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${id}/${action}`,
    headers,
    payload: { version },
  });

/** Asserts a 200 with the booking in `status` at `version`, and its one success event. */
async function expectChanged(
  response: LightMyRequestResponse,
  booking: BookingRow,
  status: string,
  action: string,
) {
  expect(response.statusCode, response.body).toBe(200);
  expect(body<BookingView>(response)).toMatchObject({
    id: booking.id,
    status,
    version: booking.version + 1,
    holdExpiresAt: null,
  });
  expect(await bookingRow(t, booking.id)).toMatchObject({ status, version: booking.version + 1 });
  expect(await auditEventsOf(t, response)).toMatchObject([
    {
      action,
      resourceType: 'booking',
      resourceId: booking.id,
      patientId: booking.patientId,
      outcome: 'success',
    },
  ]);
}

/** Asserts a refusal that changed nothing and left one event with this outcome. */
async function expectRefused(
  response: LightMyRequestResponse,
  booking: BookingRow,
  status: number,
  code: string,
  outcome: 'denied' | 'failure',
) {
  const problem = expectProblem(response, status, code);
  expect(await bookingRow(t, booking.id)).toEqual(booking);
  expect(await auditEventsOf(t, response)).toMatchObject([
    { resourceId: booking.id, patientId: booking.patientId, outcome },
  ]);
  return problem;
}

/** The one event of a refusal by role: the booking asked for, no patient (none was read). */
const deniedByRole = (action: string, id: string) =>
  expect.objectContaining({ action, outcome: 'denied', resourceId: id, patientId: null });

describe('cancel', () => {
  it('lets a patient cancel their own booking before it starts', async () => {
    const booking = await book(clinic.patientA);
    const response = await change('cancel', booking.id, 0, clinic.patientA.headers);
    await expectChanged(response, booking, 'cancelled', 'booking.cancel');
  });

  it('answers another patient, other staff and a missing id alike, audited as denied', async () => {
    const booking = await book(clinic.patientA);
    for (const caller of [clinic.patientB, clinic.staffElsewhere]) {
      const theirs = await change('cancel', booking.id, 0, caller.headers);
      const missing = await change('cancel', randomUUID(), 0, caller.headers);
      await expectRefused(theirs, booking, 404, 'not-found', 'denied');
      expectProblem(missing, 404, 'not-found');
      expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
      expect(theirs.body).not.toContain(clinic.patientA.patient.id);
    }
  });

  it('refuses doctors and admins by policy, before reading anything', async () => {
    const booking = await book(clinic.patientA);
    for (const headers of [clinic.doctorAccount.headers, t.asAdmin]) {
      const response = await change('cancel', booking.id, 0, headers);
      expectProblem(response, 403, 'forbidden');
      expect(await auditEventsOf(t, response)).toEqual([
        deniedByRole('booking.cancel', booking.id),
      ]);
    }
    expect(await bookingRow(t, booking.id)).toEqual(booking);
  });

  it('stops a patient at the start (422 too-late); staff cancel until check-in', async () => {
    const booking = await bookPast(clinic.patientA);
    const late = await change('cancel', booking.id, 0, clinic.patientA.headers);
    await expectRefused(late, booking, 422, 'too-late', 'failure');
    const desk = await change('cancel', booking.id, 0, clinic.staff.headers);
    await expectChanged(desk, booking, 'cancelled', 'booking.cancel');
  });

  it('stops a patient exactly at the start', async () => {
    const booking = await book(clinic.patientA);
    clock.set(booking.startAt);
    const response = await change('cancel', booking.id, 0, clinic.patientA.headers);
    await expectRefused(response, booking, 422, 'too-late', 'failure');
  });

  it('releases a live hold early; a hold past its expiry is expired (409)', async () => {
    const live = await book(clinic.patientA, {
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() + 60_000),
    });
    const released = await change('cancel', live.id, 0, clinic.patientA.headers);
    await expectChanged(released, live, 'cancelled', 'booking.cancel');
    const lapsed = await book(clinic.patientA, {
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() - 60_000),
    });
    const response = await change('cancel', lapsed.id, 0, clinic.staff.headers);
    const problem = await expectRefused(response, lapsed, 409, 'invalid-transition', 'failure');
    expect(body(response).detail).toContain('expired → cancelled');
    expect(problem.status).toBe(409);
  });

  it('cannot cancel a booking once checked in, completed or cancelled', async () => {
    for (const status of ['checked_in', 'completed', 'cancelled', 'no_show']) {
      const booking = await book(clinic.patientA, { status });
      const response = await change('cancel', booking.id, 0, clinic.staff.headers);
      await expectRefused(response, booking, 409, 'invalid-transition', 'failure');
      expect(body(response).detail).toContain(`${status} → cancelled`);
    }
  });

  it('refuses a stale version with 409 version-conflict', async () => {
    const booking = await book(clinic.patientA, { version: 3 });
    for (const version of [2, 4]) {
      const response = await change('cancel', booking.id, version, clinic.patientA.headers);
      await expectRefused(response, booking, 409, 'version-conflict', 'failure');
    }
  });

  it('lets one of two simultaneous cancels win; the other gets 409', async () => {
    const booking = await book(clinic.patientA);
    const responses = await Promise.all([
      change('cancel', booking.id, 0, clinic.patientA.headers),
      change('cancel', booking.id, 0, clinic.staff.headers),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = responses.find((r) => r.statusCode === 409)!;
    expectProblem(loser, 409, 'version-conflict');
    expect(await bookingRow(t, booking.id)).toMatchObject({ status: 'cancelled', version: 1 });
    const events = [
      ...(await auditEventsOf(t, responses[0]!)),
      ...(await auditEventsOf(t, responses[1]!)),
    ];
    expect(events.map((e) => e.outcome).sort()).toEqual(['failure', 'success']);
  });

  it('frees the slot at once: availability offers it, another patient can book it', async () => {
    const start = slotAt(clinic, 1, '09:00');
    const range = {
      startAt: new Date(start),
      endAt: new Date(new Date(start).getTime() + HOUR / 2),
    };
    const booking = await book(clinic.patientA, range);
    const date = start.slice(0, 10);
    const offered = async () => {
      const response = await t.app.inject({
        url: `/api/v1/doctors/${clinic.doctor.id}/availability?from=${date}&to=${date}`,
      });
      expect(response.statusCode).toBe(200);
      return body<{ slots: { startAt: string }[] }>(response).slots.map((s) => s.startAt);
    };
    const intoSameSlot = () => book(clinic.patientB, range);
    expect(await offered()).not.toContain(start);
    await expect(intoSameSlot()).rejects.toThrow();
    const response = await change('cancel', booking.id, 0, clinic.staff.headers);
    await expectChanged(response, booking, 'cancelled', 'booking.cancel');
    expect(await offered()).toContain(start);
    expect(await intoSameSlot()).toMatchObject({
      status: 'booked',
      patientId: clinic.patientB.patient.id,
    });
  });
});

describe('check-in', () => {
  it('lets the location’s staff and the booking’s doctor check a patient in', async () => {
    for (const caller of [clinic.staff, clinic.doctorAccount]) {
      const booking = await book(clinic.patientA);
      const response = await change('check-in', booking.id, 0, caller.headers);
      await expectChanged(response, booking, 'checked_in', 'booking.check-in');
    }
  });

  it('answers another doctor and other staff 404, patients and admins 403', async () => {
    const booking = await book(clinic.patientA);
    for (const caller of [otherDoctor, clinic.staffElsewhere]) {
      const response = await change('check-in', booking.id, 0, caller.headers);
      await expectRefused(response, booking, 404, 'not-found', 'denied');
    }
    for (const headers of [clinic.patientA.headers, t.asAdmin]) {
      const response = await change('check-in', booking.id, 0, headers);
      expectProblem(response, 403, 'forbidden');
      expect(await auditEventsOf(t, response)).toEqual([
        deniedByRole('booking.check-in', booking.id),
      ]);
    }
    expect(await bookingRow(t, booking.id)).toEqual(booking);
  });

  it('checks in only a booked booking', async () => {
    for (const status of ['cancelled', 'checked_in', 'no_show']) {
      const booking = await book(clinic.patientA, { status });
      const response = await change('check-in', booking.id, 0, clinic.staff.headers);
      await expectRefused(response, booking, 409, 'invalid-transition', 'failure');
      expect(body(response).detail).toContain(`${status} → checked_in`);
    }
  });
});

describe('complete', () => {
  it('lets the booking’s doctor or the location’s staff complete a checked-in visit', async () => {
    for (const caller of [clinic.doctorAccount, clinic.staff]) {
      const booking = await bookPast(clinic.patientA, { status: 'checked_in' });
      const response = await change('complete', booking.id, 0, caller.headers);
      await expectChanged(response, booking, 'completed', 'booking.complete');
    }
  });

  it('completes only what was checked in', async () => {
    const booking = await bookPast(clinic.patientA);
    const response = await change('complete', booking.id, 0, clinic.doctorAccount.headers);
    await expectRefused(response, booking, 409, 'invalid-transition', 'failure');
    expect(body(response).detail).toContain('booked → completed');
  });

  it('answers another doctor 404 and the patient 403', async () => {
    const booking = await bookPast(clinic.patientA, { status: 'checked_in' });
    const other = await change('complete', booking.id, 0, otherDoctor.headers);
    await expectRefused(other, booking, 404, 'not-found', 'denied');
    expectProblem(await change('complete', booking.id, 0, clinic.patientA.headers), 403);
    expect(await bookingRow(t, booking.id)).toEqual(booking);
  });
});

describe('no-show', () => {
  it('refuses before the start with 422 too-early', async () => {
    const booking = await book(clinic.patientA);
    clock.set(new Date(booking.startAt.getTime() - 1000));
    const response = await change('no-show', booking.id, 0, clinic.staff.headers);
    await expectRefused(response, booking, 422, 'too-early', 'failure');
  });

  it('marks a no-show from the start, by staff or the booking’s doctor', async () => {
    const atStart = await book(clinic.patientA);
    clock.set(atStart.startAt);
    const response = await change('no-show', atStart.id, 0, clinic.staff.headers);
    await expectChanged(response, atStart, 'no_show', 'booking.no-show');
    clock.set(BOOKING_NOW);
    const earlier = await bookPast(clinic.patientA);
    const byDoctor = await change('no-show', earlier.id, 0, clinic.doctorAccount.headers);
    await expectChanged(byDoctor, earlier, 'no_show', 'booking.no-show');
  });

  it('answers out of scope 404 and patients 403, and leaves other statuses alone', async () => {
    const booking = await bookPast(clinic.patientA);
    for (const caller of [otherDoctor, clinic.staffElsewhere]) {
      const response = await change('no-show', booking.id, 0, caller.headers);
      await expectRefused(response, booking, 404, 'not-found', 'denied');
    }
    expectProblem(await change('no-show', booking.id, 0, clinic.patientA.headers), 403);
    const checkedIn = await bookPast(clinic.patientA, { status: 'checked_in' });
    const response = await change('no-show', checkedIn.id, 0, clinic.staff.headers);
    await expectRefused(response, checkedIn, 409, 'invalid-transition', 'failure');
  });
});

describe('the request', () => {
  it('takes only `version`: other fields, a missing or negative version are 400s', async () => {
    const booking = await book(clinic.patientA);
    const payloads = [{ version: 0, status: 'completed' }, {}, { version: -1 }, { version: '0' }];
    for (const payload of payloads) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${booking.id}/cancel`,
        headers: clinic.patientA.headers,
        payload,
      });
      expectProblem(response, 400);
      expect(await auditEventsOf(t, response), JSON.stringify(payload)).toEqual([]);
    }
    expect(await bookingRow(t, booking.id)).toEqual(booking);
  });
});
