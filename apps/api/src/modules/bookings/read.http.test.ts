import { randomUUID } from 'node:crypto';
import type { BookingView } from '@medsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  type Clinic,
  makeClinic,
  makeClinicBooking,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeBooking } from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import type { BookingRow } from '../../db/schema/index.js';

// GET /bookings/{id}: who sees which booking, a refusal indistinguishable from a missing id,
// one audit event per request.

let t: TestApp;
let clinic: Clinic;
let otherDoctor: TestAccount;
let booking: BookingRow;
let diagnosticBooking: BookingRow;

const HOUR = 3600_000;
const at = (hours: number) => new Date(BOOKING_NOW.getTime() + hours * HOUR);

beforeAll(async () => {
  t = await createTestApp({ clock: testClock().now });
  const db = t.database.db;
  clinic = await makeClinic(db, t.tokens);
  otherDoctor = await makeAccount(db, t.tokens, 'doctor');
  // 2027-03-02 09:00 in Berlin (+01:00).
  booking = await makeClinicBooking(db, clinic, clinic.patientA, '2027-03-02T08:00:00Z');
  diagnosticBooking = await makeBooking(db, {
    patientId: clinic.patientA.patient.id,
    locationId: clinic.location.id,
    diagnosticLocationId: clinic.scanner.id,
    capacityUnit: 1,
    startAt: at(30),
    endAt: at(30.5),
  });
});
afterAll(() => t.close());

const get = (id: string, headers: { authorization: string }) =>
  t.app.inject({ url: `/api/v1/bookings/${id}`, headers });

describe('GET /bookings/{id}', () => {
  it('shows a patient their own booking, instants in the location’s offset', async () => {
    const response = await get(booking.id, clinic.patientA.headers);
    expect(response.statusCode).toBe(200);
    expect(body<BookingView>(response)).toEqual({
      id: booking.id,
      patientId: clinic.patientA.patient.id,
      doctorId: clinic.doctor.id,
      diagnosticLocationId: null,
      diagnosticId: null,
      locationId: clinic.location.id,
      startAt: '2027-03-02T09:00:00+01:00',
      endAt: '2027-03-02T09:30:00+01:00',
      status: 'booked',
      holdExpiresAt: null,
      reason: null,
      price: '100.00',
      currency: 'EUR',
      version: 0,
      createdAt: booking.createdAt.toISOString(),
      updatedAt: booking.updatedAt.toISOString(),
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('names the diagnostic of a diagnostic booking', async () => {
    const response = await get(diagnosticBooking.id, clinic.staff.headers);
    expect(response.statusCode).toBe(200);
    expect(body<BookingView>(response)).toMatchObject({
      doctorId: null,
      diagnosticLocationId: clinic.scanner.id,
      diagnosticId: clinic.scanner.diagnosticId,
    });
  });

  it('shows the booking to its doctor and the location’s staff', async () => {
    for (const caller of [clinic.doctorAccount, clinic.staff]) {
      const response = await get(booking.id, caller.headers);
      expect(response.statusCode).toBe(200);
      expect(body<BookingView>(response).id).toBe(booking.id);
    }
  });

  it('answers another patient, another doctor and other staff exactly like a missing id', async () => {
    for (const caller of [clinic.patientB, otherDoctor, clinic.staffElsewhere]) {
      const theirs = await get(booking.id, caller.headers);
      const missing = await get(randomUUID(), caller.headers);
      expectProblem(theirs, 404, 'not-found');
      expectProblem(missing, 404, 'not-found');
      expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
      expect(theirs.headers['content-type']).toBe(missing.headers['content-type']);
      expect(theirs.body).not.toContain(clinic.patientA.patient.id);
    }
  });

  it('refuses admins by policy: no patient data for them', async () => {
    expectProblem(await get(booking.id, t.asAdmin), 403, 'forbidden');
  });

  it('records one event per request: success, or denied naming whose booking it was', async () => {
    const own = await get(booking.id, clinic.patientA.headers);
    expect(await auditEventsOf(t, own)).toMatchObject([
      {
        action: 'booking.read',
        resourceType: 'booking',
        resourceId: booking.id,
        patientId: clinic.patientA.patient.id,
        outcome: 'success',
        actorId: clinic.patientA.account.id,
      },
    ]);
    const refused = await get(booking.id, clinic.patientB.headers);
    expect(await auditEventsOf(t, refused)).toMatchObject([
      {
        action: 'booking.read',
        resourceId: booking.id,
        patientId: clinic.patientA.patient.id,
        outcome: 'denied',
        actorId: clinic.patientB.account.id,
      },
    ]);
    const id = randomUUID();
    const missing = await get(id, clinic.patientB.headers);
    expect(await auditEventsOf(t, missing)).toMatchObject([
      { action: 'booking.read', resourceId: id, patientId: null, outcome: 'denied' },
    ]);
  });

  it('refuses an undeclared query parameter or a malformed id before reading anything', async () => {
    const extra = await t.app.inject({
      url: `/api/v1/bookings/${booking.id}?patientId=${clinic.patientB.patient.id}`,
      headers: clinic.patientA.headers,
    });
    expectProblem(extra, 400);
    expect(await auditEventsOf(t, extra)).toEqual([]);
    const malformed = await get('not-a-uuid', clinic.patientA.headers);
    expectProblem(malformed, 400);
    expect(await auditEventsOf(t, malformed)).toEqual([]);
  });

  it('reads a hold past its expiry as expired, a live one as held', async () => {
    const db = t.database.db;
    const lapsed = await makeClinicBooking(db, clinic, clinic.patientB, at(50), {
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() - 60_000),
    });
    const live = await makeClinicBooking(db, clinic, clinic.patientB, at(51), {
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() + 60_000),
    });
    const [lapsedView, liveView] = [
      body<BookingView>(await get(lapsed.id, clinic.patientB.headers)),
      body<BookingView>(await get(live.id, clinic.patientB.headers)),
    ];
    expect(lapsedView.status).toBe('expired');
    expect(liveView).toMatchObject({
      status: 'held',
      holdExpiresAt: new Date(BOOKING_NOW.getTime() + 60_000).toISOString(),
    });
  });
});
