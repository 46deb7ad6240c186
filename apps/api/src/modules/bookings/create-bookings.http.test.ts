import { randomUUID } from 'node:crypto';
import type { BookingView } from '@medsync/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  slotAt,
} from '../../../test/support/booking-fixtures.js';
import { makePatient } from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import { bookings, doctors, doctorTimeOff } from '../../db/schema/index.js';

// POST /bookings over HTTP on a real database, the clock fixed at BOOKING_NOW (Monday 07:00 in
// Berlin; two hours' notice, 90 days ahead). Each test books on its own day so tests never meet.

let t: TestApp;
let clinic: Clinic;
beforeAll(async () => {
  t = await createTestApp({
    env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' },
    clock: () => BOOKING_NOW,
  });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

const post = (headers: { authorization: string }, payload: object, extra: object = {}) =>
  injectAudited(t, {
    method: 'POST',
    url: '/api/v1/bookings',
    headers: { ...headers, ...extra },
    payload,
  });
const bookingsOf = (patientId: string) =>
  t.database.db.select().from(bookings).where(eq(bookings.patientId, patientId));
const bookedAt = async (patientId: string, startAt: string) =>
  (await bookingsOf(patientId)).filter((r) => r.startAt.getTime() === Date.parse(startAt));

describe('POST /bookings by a patient', () => {
  it('books a doctor’s slot: 201, Location, the local offset, the price fixed now', async () => {
    const { patientA, doctor, location } = clinic;
    const { response, events } = await post(patientA.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 1, '09:00'),
    });
    expect(response.statusCode).toBe(201);
    const booking = body<BookingView>(response);
    expect(booking).toMatchObject({
      patientId: patientA.patient.id,
      doctorId: doctor.id,
      diagnosticLocationId: null,
      diagnosticId: null,
      locationId: location.id,
      startAt: '2027-03-02T09:00:00+01:00',
      endAt: '2027-03-02T09:30:00+01:00',
      status: 'booked',
      holdExpiresAt: null,
      price: '100.00',
      currency: 'EUR',
      version: 0,
    });
    expect(response.headers.location).toBe(`/api/v1/bookings/${booking.id}`);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'booking.create',
        outcome: 'success',
        resourceId: booking.id,
        patientId: patientA.patient.id,
        actorId: patientA.account.id,
      }),
    ]);
  });

  it('accepts the start with any offset: the same instant in UTC books the same slot', async () => {
    const { patientA, patientB, doctor } = clinic;
    const local = slotAt(clinic, 1, '10:00');
    const utc = new Date(local).toISOString();
    const first = await post(patientA.headers, { doctorId: doctor.id, startAt: utc });
    expect(body(first.response).startAt).toBe('2027-03-02T10:00:00+01:00');
    const second = await post(patientB.headers, { doctorId: doctor.id, startAt: local });
    expectProblem(second.response, 409, 'slot-taken');
  });

  it('fills a diagnostic slot up to its capacity of two, each on its own unit; a third → 409', async () => {
    const startAt = slotAt(clinic, 1, '11:00');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const patient = await makePatientAccount(t.database.db, t.tokens);
      const { response } = await post(patient.headers, {
        diagnosticLocationId: clinic.scanner.id,
        startAt,
      });
      expect(response.statusCode).toBe(201);
      expect(body(response)).toMatchObject({
        diagnosticLocationId: clinic.scanner.id,
        diagnosticId: clinic.scanner.diagnosticId,
        doctorId: null,
        price: '50.00',
      });
      ids.push(body<BookingView>(response).id);
    }
    expect(
      (await Promise.all(ids.map((id) => bookingRow(t, id)))).map((r) => r.capacityUnit).sort(),
    ).toEqual([1, 2]);
    const third = await makePatientAccount(t.database.db, t.tokens);
    const { response, events } = await post(third.headers, {
      diagnosticLocationId: clinic.scanner.id,
      startAt,
    });
    expectProblem(response, 409, 'slot-taken');
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'failure' }]);
    expect(await bookingsOf(third.patient.id)).toEqual([]);
  });

  it('answers 409 slot-taken for a doctor’s booked slot, and leaves the first booking alone', async () => {
    const { patientA, patientB, doctor } = clinic;
    const startAt = slotAt(clinic, 2, '09:00');
    const first = await post(patientA.headers, { doctorId: doctor.id, startAt });
    expect(first.response.statusCode).toBe(201);
    const { response, events } = await post(patientB.headers, { doctorId: doctor.id, startAt });
    expectProblem(response, 409, 'slot-taken');
    expect(events).toMatchObject([
      { action: 'booking.create', outcome: 'failure', patientId: patientB.patient.id },
    ]);
    expect((await bookingRow(t, body<BookingView>(first.response).id)).status).toBe('booked');
  });

  it('answers 409 patient-overlap when the patient is booked elsewhere at that time', async () => {
    const db = t.database.db;
    const { patientA, doctor } = clinic;
    const other = await makeColleague(db, clinic);
    const startAt = slotAt(clinic, 3, '09:00');
    expect(
      (await post(patientA.headers, { doctorId: doctor.id, startAt })).response.statusCode,
    ).toBe(201);
    const { response } = await post(patientA.headers, { doctorId: other.id, startAt });
    expectProblem(response, 409, 'patient-overlap');
    // The diagnostic slot overlapping it (09:00–09:30) is refused the same way.
    const scan = await post(patientA.headers, {
      diagnosticLocationId: clinic.scanner.id,
      startAt,
    });
    expectProblem(scan.response, 409, 'patient-overlap');
  });

  const refusals: [string, () => string][] = [
    ['slot-in-past', () => slotAt(clinic, -1, '09:00')],
    ['slot-inside-notice', () => slotAt(clinic, 0, '08:30')],
    ['slot-beyond-horizon', () => slotAt(clinic, 100, '09:00')],
    ['slot-outside-hours', () => slotAt(clinic, 4, '19:00')],
    ['slot-off-grid', () => slotAt(clinic, 4, '09:10')],
    ['slot-time-off', () => slotAt(clinic, 5, '09:00')],
  ];
  it.each(refusals)('answers 422 %s for a start that is no bookable slot', async (code, start) => {
    const db = t.database.db;
    if (code === 'slot-time-off') {
      await db.insert(doctorTimeOff).values({
        doctorId: clinic.doctor.id,
        startsAt: new Date(slotAt(clinic, 5, '08:00')),
        endsAt: new Date(slotAt(clinic, 5, '12:00')),
      });
    }
    const patient = await makePatientAccount(db, t.tokens);
    const { response, events } = await post(patient.headers, {
      doctorId: clinic.doctor.id,
      startAt: start(),
    });
    const problem = expectProblem(response, 422, code);
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/body/startAt' })]);
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'failure' }]);
    expect(await bookingsOf(patient.patient.id)).toEqual([]);
  });

  it('answers 422 unless exactly one of doctorId and diagnosticLocationId is named', async () => {
    const { patientA, doctor, scanner } = clinic;
    const startAt = slotAt(clinic, 6, '09:00');
    for (const bookable of [{}, { doctorId: doctor.id, diagnosticLocationId: scanner.id }]) {
      const { response, events } = await post(patientA.headers, { ...bookable, startAt });
      expectProblem(response, 422, 'one-subject-required');
      expect(events).toEqual([]); // refused on its own: no data reached
    }
  });

  it('answers 422 patient-id-not-allowed when a patient names a patient, even themselves', async () => {
    const { patientA, doctor } = clinic;
    const { response } = await post(patientA.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 6, '09:00'),
      patientId: patientA.patient.id,
    });
    const problem = expectProblem(response, 422, 'patient-id-not-allowed');
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/body/patientId' })]);
  });

  it('answers 404 for an unknown doctor or diagnostic location', async () => {
    const startAt = slotAt(clinic, 6, '09:00');
    for (const bookable of [{ doctorId: randomUUID() }, { diagnosticLocationId: randomUUID() }]) {
      const { response, events } = await post(clinic.patientA.headers, { ...bookable, startAt });
      expectProblem(response, 404, 'not-found');
      expect(events).toHaveLength(1);
    }
  });

  it('refuses unknown fields and a bad start with 400, writing nothing', async () => {
    const { patientA, doctor } = clinic;
    for (const payload of [
      { doctorId: doctor.id, startAt: slotAt(clinic, 6, '09:00'), price: '0.00' },
      { doctorId: doctor.id, startAt: 'tomorrow at nine' },
    ]) {
      const { response, events } = await post(patientA.headers, payload);
      expectProblem(response, 400, 'validation-failed');
      expect(events).toEqual([]);
    }
  });

  it('caps a patient’s upcoming bookings and live holds: the next → 422 too-many-bookings', async () => {
    const db = t.database.db;
    const patient = await makePatientAccount(db, t.tokens);
    const { doctor } = clinic;
    // Neither a cancelled booking nor a past one counts.
    await makeClinicBooking(db, clinic, patient, slotAt(clinic, 7, '09:00'), {
      status: 'cancelled',
    });
    await makeClinicBooking(db, clinic, patient, slotAt(clinic, -2, '09:00'));
    const max = t.config.booking.maxActivePerPatient;
    for (let i = 0; i < max; i++) {
      const { response } = await post(patient.headers, {
        doctorId: doctor.id,
        startAt: slotAt(clinic, 20 + i, '09:00'),
        hold: i === 0,
      });
      expect(response.statusCode).toBe(201);
    }
    const { response, events } = await post(patient.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 7, '10:00'),
    });
    expectProblem(response, 422, 'too-many-bookings');
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'failure' }]);
  });

  it('fixes the price at booking: a later price change leaves the booking as it was', async () => {
    const db = t.database.db;
    const { patientA, patientB, doctor } = clinic;
    const { response } = await post(patientA.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 8, '09:00'),
    });
    const booked = body<BookingView>(response);
    await db.update(doctors).set({ price: '180.00' }).where(eq(doctors.id, doctor.id));
    try {
      expect((await bookingRow(t, booked.id)).price).toBe('100.00');
      const later = await post(patientB.headers, {
        doctorId: doctor.id,
        startAt: slotAt(clinic, 8, '10:00'),
      });
      expect(body(later.response).price).toBe('180.00');
    } finally {
      await db.update(doctors).set({ price: '100.00' }).where(eq(doctors.id, doctor.id));
    }
  });
});

describe('POST /bookings by staff', () => {
  it('books for a patient of their location, naming them', async () => {
    const { staff, patientB, doctor } = clinic;
    const { response, events } = await post(staff.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 9, '09:00'),
      patientId: patientB.patient.id,
    });
    expect(response.statusCode).toBe(201);
    expect(body(response)).toMatchObject({ patientId: patientB.patient.id, status: 'booked' });
    expect(events).toMatchObject([
      {
        action: 'booking.create',
        outcome: 'success',
        actorId: staff.account.id,
        patientId: patientB.patient.id,
      },
    ]);
  });

  it('must name the patient: 422 patient-id-required', async () => {
    const { response } = await post(clinic.staff.headers, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 9, '10:00'),
    });
    expectProblem(response, 422, 'patient-id-required');
  });

  it('answers 404, audited denied, for a patient they do not serve', async () => {
    const { staffElsewhere, patientA, doctor } = clinic;
    const { response, events } = await post(staffElsewhere.headers, {
      doctorId: doctor.id,
      startAt: slotAt(clinic, 9, '11:00'),
      patientId: patientA.patient.id,
    });
    expectProblem(response, 404, 'not-found');
    expect(events).toMatchObject([
      { action: 'booking.create', outcome: 'denied', patientId: patientA.patient.id },
    ]);
    expect(await bookedAt(patientA.patient.id, slotAt(clinic, 9, '11:00'))).toEqual([]);
  });

  it('answers 404, audited denied, for a bookable at another location, like a missing one', async () => {
    const db = t.database.db;
    const { staffElsewhere, elsewhere, doctor, scanner } = clinic;
    const theirs = await makePatient(db, { registeredAtLocationId: elsewhere.id });
    const startAt = slotAt(clinic, 9, '12:00');
    for (const bookable of [{ doctorId: doctor.id }, { diagnosticLocationId: scanner.id }]) {
      const { response, events } = await post(staffElsewhere.headers, {
        ...bookable,
        startAt,
        patientId: theirs.id,
      });
      const missing = await post(staffElsewhere.headers, {
        ...('doctorId' in bookable
          ? { doctorId: randomUUID() }
          : { diagnosticLocationId: randomUUID() }),
        startAt,
        patientId: theirs.id,
      });
      const { requestId: _a, ...refused } = expectProblem(response, 404, 'not-found');
      const { requestId: _b, ...absent } = expectProblem(missing.response, 404, 'not-found');
      expect(refused).toEqual(absent);
      expect(events).toMatchObject([{ action: 'booking.create', outcome: 'denied' }]);
    }
    expect(await bookingsOf(theirs.id)).toEqual([]);
  });
});

describe('POST /bookings by other roles', () => {
  it('is refused to doctors and admins with 403, and to anonymous callers with 401', async () => {
    const payload = { doctorId: clinic.doctor.id, startAt: slotAt(clinic, 10, '09:00') };
    const admin = await makeAccount(t.database.db, t.tokens, 'admin');
    for (const headers of [clinic.doctorAccount.headers, admin.headers]) {
      const { response, events } = await post(headers, payload);
      expectProblem(response, 403, 'forbidden');
      // A refusal on a patient-data route is recorded, by role; nothing is read or written.
      expect(events).toEqual([
        expect.objectContaining({ action: 'booking.create', outcome: 'denied', patientId: null }),
      ]);
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload });
    expectProblem(anonymous, 401);
  });
});

describe('POST /bookings under contention', () => {
  // A trigger stands in for PostgreSQL picking the insert as a deadlock victim, for the listed
  // patients only, as many times as listed (a sequence counts: it survives the rollbacks).
  beforeAll(async () => {
    await t.database.db.execute(sql`
      CREATE TABLE test_contention (patient_id uuid PRIMARY KEY, failures int NOT NULL)`);
    await t.database.db.execute(sql`CREATE SEQUENCE test_contention_seq`);
    await t.database.db.execute(sql`
      CREATE FUNCTION test_contend() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n int;
      BEGIN
        SELECT failures INTO n FROM test_contention WHERE patient_id = NEW.patient_id;
        IF n IS NOT NULL AND nextval('test_contention_seq') <= n THEN
          RAISE EXCEPTION 'contended by the test' USING ERRCODE = '40P01';
        END IF;
        RETURN NEW;
      END $$`);
    await t.database.db.execute(sql`
      CREATE TRIGGER test_contend BEFORE INSERT ON bookings
      FOR EACH ROW EXECUTE FUNCTION test_contend()`);
  });

  async function contended(failures: number) {
    const patient = await makePatientAccount(t.database.db, t.tokens);
    await t.database.db.execute(sql`ALTER SEQUENCE test_contention_seq RESTART`);
    await t.database.db.execute(
      sql`INSERT INTO test_contention VALUES (${patient.patient.id}::uuid, ${failures})`,
    );
    return patient;
  }

  it('retries a deadlocked write: the third attempt books, one audit event in all', async () => {
    const patient = await contended(2);
    const { response, events } = await post(patient.headers, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 12, '09:00'),
    });
    expect(response.statusCode).toBe(201);
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'success' }]);
    expect(await bookingsOf(patient.patient.id)).toHaveLength(1);
  });

  it('answers 503 with Retry-After after three deadlocked attempts, one failure event', async () => {
    const patient = await contended(3);
    const { response, events } = await post(patient.headers, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 12, '10:00'),
    });
    expectProblem(response, 503, 'busy');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'failure' }]);
    expect(await bookingsOf(patient.patient.id)).toEqual([]);
  });
});

describe('Idempotency-Key on POST /bookings', () => {
  it('replays the first answer for the same key and body, marked Idempotent-Replayed', async () => {
    const patient = await makePatientAccount(t.database.db, t.tokens);
    const payload = { doctorId: clinic.doctor.id, startAt: slotAt(clinic, 11, '09:00') };
    const key = { 'idempotency-key': `book-${randomUUID()}` };
    const first = await post(patient.headers, payload, key);
    expect(first.response.statusCode).toBe(201);
    expect(first.response.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(patient.headers, payload, key);
    expect(again.response.statusCode).toBe(201);
    expect(again.response.headers['idempotent-replayed']).toBe('true');
    expect(again.response.headers.location).toBe(first.response.headers.location);
    expect(body(again.response)).toEqual(body(first.response));
    expect(await bookingsOf(patient.patient.id)).toHaveLength(1);
    // Handing the booking out again is a read of patient data: audited as a replay.
    expect(again.events).toMatchObject([
      { action: 'booking.replay', outcome: 'success', patientId: patient.patient.id },
    ]);
    const other = await post(
      patient.headers,
      { ...payload, startAt: slotAt(clinic, 11, '10:00') },
      key,
    );
    expectProblem(other.response, 422, 'idempotency-key-reused');
    expect(await bookingsOf(patient.patient.id)).toHaveLength(1);
  });

  it('replays a refusal too: the same problem again, marked Idempotent-Replayed', async () => {
    const { patientA, patientB, doctor } = clinic;
    const startAt = slotAt(clinic, 11, '12:00');
    expect(
      (await post(patientA.headers, { doctorId: doctor.id, startAt })).response.statusCode,
    ).toBe(201);
    const key = { 'idempotency-key': `book-${randomUUID()}` };
    const first = await post(patientB.headers, { doctorId: doctor.id, startAt }, key);
    const { requestId: _a, ...refused } = expectProblem(first.response, 409, 'slot-taken');
    expect(first.response.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(patientB.headers, { doctorId: doctor.id, startAt }, key);
    const { requestId: _b, ...replayed } = expectProblem(again.response, 409, 'slot-taken');
    expect(replayed).toEqual(refused);
    expect(again.response.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses a key that is empty, too long or not printable ASCII with 400', async () => {
    const payload = { doctorId: clinic.doctor.id, startAt: slotAt(clinic, 11, '11:00') };
    for (const key of ['', 'k'.repeat(129), 'schlüssel']) {
      const { response } = await post(clinic.patientB.headers, payload, {
        'idempotency-key': key,
      });
      expectProblem(response, 400);
    }
    expect(await bookedAt(clinic.patientB.patient.id, payload.startAt)).toEqual([]);
  });
});
