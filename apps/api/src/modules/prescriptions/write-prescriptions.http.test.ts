import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
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
  type Clinic,
  makeClinic,
  makeColleague,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeBooking } from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import {
  makeVisit,
  prescriptionBody,
  prescriptionOf,
  revisionRows,
  visitDay,
  writePrescription,
} from '../../../test/support/prescription-fixtures.js';
import { prescriptions } from '../../db/schema/index.js';

// POST /bookings/{id}/prescriptions: only the doctor of a checked-in or completed doctor
// booking writes; bounded input; defaults of the validity period; one audit event per request;
// Idempotency-Key.

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
/** A doctor at the same location who also sees patient A, in visits of their own. */
let colleague: TestAccount;

beforeAll(async () => {
  t = await createTestApp({ clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
  const doctor = await makeColleague(t.database.db, clinic);
  colleague = await makeAccount(t.database.db, t.tokens, 'doctor', { doctorId: doctor.id });
  await makeVisit(t, clinic, clinic.patientA, { doctorId: doctor.id });
});
afterAll(() => t.close());

const rowsOfBooking = async (bookingId: string) =>
  (
    await t.database.db
      .select({ n: count() })
      .from(prescriptions)
      .where(eq(prescriptions.bookingId, bookingId))
  )[0]!.n;

describe('writing a prescription', () => {
  it('lets the doctor of a checked-in visit write one: 201, active, validity from the visit’s day', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA, {
      startAt: new Date('2027-03-01T05:30:00Z'),
      endAt: new Date('2027-03-01T06:00:00Z'),
    });
    const payload = prescriptionBody({ quantity: { value: '7.50', unit: 'ml' }, repeats: 2 });
    const response = await writePrescription(t, visit.id, clinic.doctorAccount.headers, payload);
    expect(response.statusCode, response.body).toBe(201);
    const created = prescriptionOf(response);
    expect(response.headers.location).toBe(`/api/v1/prescriptions/${created.id}`);
    expect(created).toMatchObject({
      revision: 1,
      patientId: clinic.patientA.patient.id,
      bookingId: visit.id,
      doctorId: clinic.doctor.id,
      locationId: clinic.location.id,
      status: 'active',
      medication: payload.medication,
      quantity: { value: '7.5', unit: 'ml' },
      repeats: 2,
      authorisedTotal: '22.5',
      dispensedTotal: '0',
      remaining: '22.5',
      // The visit is on 1 March 2027 in Berlin; 90 days on.
      validFrom: '2027-03-01',
      validUntil: '2027-05-30',
      notes: null,
      change: 'created',
      reason: null,
      authorAccountId: clinic.doctorAccount.account.id,
      recordedAt: '2027-03-01T07:00:00+01:00',
      supersededAt: null,
    });
    expect(await auditEventsOf(t, response)).toMatchObject([
      {
        action: 'prescription.create',
        resourceType: 'prescription',
        resourceId: created.id,
        patientId: clinic.patientA.patient.id,
        outcome: 'success',
      },
    ]);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('writes in a completed visit too, several per visit, with the validity asked for', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA, { status: 'completed' });
    const first = await writePrescription(t, visit.id, clinic.doctorAccount.headers);
    const second = await writePrescription(
      t,
      visit.id,
      clinic.doctorAccount.headers,
      prescriptionBody({
        validFrom: visitDay(visit, 4),
        validUntil: visitDay(visit, 4 + 366),
        notes: 'generic ok',
      }),
    );
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(prescriptionOf(second)).toMatchObject({
      validFrom: visitDay(visit, 4),
      validUntil: visitDay(visit, 370),
      notes: 'generic ok',
    });
    expect(await rowsOfBooking(visit.id)).toBe(2);
  });

  it('refuses a booking that is not a visit (yet or any more) with 409 not-a-visit', async () => {
    for (const status of ['booked', 'cancelled', 'no_show']) {
      const booking = await makeVisit(t, clinic, clinic.patientA, { status });
      const response = await writePrescription(t, booking.id, clinic.doctorAccount.headers);
      expectProblem(response, 409, 'not-a-visit');
      expect(await auditEventsOf(t, response)).toMatchObject([
        {
          action: 'prescription.create',
          patientId: clinic.patientA.patient.id,
          outcome: 'failure',
        },
      ]);
      expect(await rowsOfBooking(booking.id)).toBe(0);
    }
  });

  it('answers another doctor as for a missing booking, audited as denied', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const theirs = await writePrescription(t, visit.id, colleague.headers);
    const missing = await writePrescription(t, randomUUID(), colleague.headers);
    expectProblem(theirs, 404, 'not-found');
    expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
    expect(await auditEventsOf(t, theirs)).toMatchObject([
      { action: 'prescription.create', patientId: clinic.patientA.patient.id, outcome: 'denied' },
    ]);
    expect(await rowsOfBooking(visit.id)).toBe(0);
  });

  it('answers a diagnostic booking as a missing one: it has no doctor to write', async () => {
    const scan = await makeBooking(t.database.db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      diagnosticLocationId: clinic.scanner.id,
      capacityUnit: 1,
      status: 'checked_in',
      startAt: new Date('2027-02-20T09:00:00Z'),
      endAt: new Date('2027-02-20T09:30:00Z'),
    });
    const response = await writePrescription(t, scan.id, clinic.doctorAccount.headers);
    expectProblem(response, 404, 'not-found');
  });

  it('refuses patients, staff and admins by policy, with one denied event each', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    for (const headers of [clinic.patientA.headers, clinic.staff.headers, t.asAdmin]) {
      const response = await writePrescription(t, visit.id, headers);
      expectProblem(response, 403, 'forbidden');
      expect(await auditEventsOf(t, response)).toMatchObject([
        { action: 'prescription.create', outcome: 'denied', resourceId: null, patientId: null },
      ]);
    }
    expect(await rowsOfBooking(visit.id)).toBe(0);
  });

  it('refuses unbounded, unknown or server-owned fields with 400, and writes nothing', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const bad = [
      prescriptionBody({ medication: { name: 'x'.repeat(201), strength: '1', form: 'tablet' } }),
      prescriptionBody({ instructions: 'x'.repeat(1001) }),
      prescriptionBody({ repeats: -1 }),
      prescriptionBody({ repeats: 13 }),
      prescriptionBody({ durationDays: 0 }),
      prescriptionBody({ quantity: { value: '-1', unit: 'tablet' } }),
      prescriptionBody({ quantity: { value: '1.2345', unit: 'tablet' } }),
      prescriptionBody({ validFrom: '2027-02-30' }),
      { ...prescriptionBody(), status: 'completed' },
      { ...prescriptionBody(), patientId: clinic.patientB.patient.id },
      { ...prescriptionBody(), revision: 5 },
    ];
    for (const payload of bad) {
      const response = await writePrescription(t, visit.id, clinic.doctorAccount.headers, payload);
      expectProblem(response, 400);
    }
    expect(await rowsOfBooking(visit.id)).toBe(0);
  });

  it('refuses a zero quantity and an impossible validity with 422, naming the fields', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const cases: [object, string][] = [
      [{ quantity: { value: '0.000', unit: 'tablet' } }, '/body/quantity/value'],
      [{ validFrom: visitDay(visit, -1) }, '/body/validFrom'],
      [{ validFrom: visitDay(visit, 9), validUntil: visitDay(visit, 8) }, '/body/validUntil'],
      [{ validFrom: visitDay(visit), validUntil: visitDay(visit, 367) }, '/body/validUntil'],
    ];
    for (const [overrides, path] of cases) {
      const payload = { ...prescriptionBody(), ...overrides };
      const response = await writePrescription(t, visit.id, clinic.doctorAccount.headers, payload);
      const problem = expectProblem(response, 422);
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    }
    expect(await rowsOfBooking(visit.id)).toBe(0);
  });

  it('replays a creation under the same Idempotency-Key; the key is bound to its booking', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const other = await makeVisit(t, clinic, clinic.patientA);
    const headers = { ...clinic.doctorAccount.headers, 'idempotency-key': `rx-${randomUUID()}` };
    const first = await writePrescription(t, visit.id, headers);
    const again = await writePrescription(t, visit.id, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(body(again)).toEqual(body(first));
    expect(await rowsOfBooking(visit.id)).toBe(1);
    expect(await auditEventsOf(t, again)).toMatchObject([
      { action: 'prescription.replay', resourceId: prescriptionOf(first).id, outcome: 'success' },
    ]);
    // The same key and body for another visit is another request, not a replay of the first.
    const elsewhere = await writePrescription(t, other.id, headers);
    expectProblem(elsewhere, 422, 'idempotency-key-reused');
    expect(await rowsOfBooking(other.id)).toBe(0);
  });

  it('stores exactly what the doctor wrote, as revision 1 of its own lineage', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const response = await writePrescription(t, visit.id, clinic.doctorAccount.headers);
    const { id } = prescriptionOf(response);
    expect(await revisionRows(t, id)).toMatchObject([
      {
        id,
        lineageId: id,
        revision: 1,
        replacesId: null,
        medicationName: 'Amoxicillin',
        quantity: '21.000',
        supersededAt: null,
      },
    ]);
  });
});
