import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  injectAudited,
  makeClinic,
  makeColleague,
  makePatientAccount,
  type PatientAccount,
} from '../../../test/support/booking-fixtures.js';
import { StatementCounter } from '../../../test/support/statement-counter.js';
import { type BookingRow, bookings } from '../../db/schema/index.js';

// GET /patients/{id}/record: the whole record in one response, from a fixed number of
// statements however long the history, audited once.

interface RecordBody {
  profile: { id: string; fullName: string };
  bookings: { id: string; status: string; startAt: string }[];
  visitNotes: unknown[];
  prescriptions: unknown[];
  reports: unknown[];
  truncated: string[];
}

const HOUR = 3_600_000;
/**
 * The identity, the snapshot's isolation, the scope (workforce only), the profile, the bookings
 * and the audit event: 6; and at most two statements for each of the three clinical sections.
 */
const STATEMENT_BUDGET = 6 + 3 * 2;
const counter = new StatementCounter();
let t: TestApp;
let clinic: Clinic;

beforeAll(async () => {
  t = await createTestApp({ database: counter.options, clock: () => BOOKING_NOW });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

/**
 * `count` bookings of a new patient with a doctor of their own, one an hour: half before
 * BOOKING_NOW (completed), half after (booked). One insert, for speed.
 */
async function patientWithBookings(
  count: number,
): Promise<PatientAccount & { rows: BookingRow[] }> {
  const patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
  const doctor = await makeColleague(t.database.db, clinic);
  const first = BOOKING_NOW.getTime() - Math.floor(count / 2) * HOUR + HOUR / 2;
  const rows = await t.database.db
    .insert(bookings)
    .values(
      Array.from({ length: count }, (_, i) => {
        const startAt = new Date(first + i * HOUR);
        return {
          patientId: patient.patient.id,
          locationId: clinic.location.id,
          doctorId: doctor.id,
          startAt,
          endAt: new Date(startAt.getTime() + 30 * 60_000),
          status: startAt < BOOKING_NOW ? 'completed' : 'booked',
          price: '100.00',
          currency: 'EUR',
        };
      }),
    )
    .returning();
  return { ...patient, rows };
}

const recordOf = (patientId: string, headers: Record<string, string>) =>
  counter.during(() => t.app.inject({ url: `/api/v1/patients/${patientId}/record`, headers }));

describe('the patient record', () => {
  it('costs the same few statements at 1 booking and at 200, for the patient and for staff', async () => {
    const one = await patientWithBookings(1);
    const many = await patientWithBookings(200);
    for (const caller of ['patient', 'staff'] as const) {
      const as = (p: PatientAccount) => (caller === 'patient' ? p.headers : clinic.staff.headers);
      const small = await recordOf(one.patient.id, as(one));
      const large = await recordOf(many.patient.id, as(many));
      expect(small.result.statusCode).toBe(200);
      expect(large.result.statusCode).toBe(200);
      expect(body<RecordBody>(small.result).bookings).toHaveLength(1);
      expect(body<RecordBody>(large.result).bookings).toHaveLength(200);
      expect(large.statements.length, caller).toBe(small.statements.length);
      expect(large.statements.length, caller).toBeLessThanOrEqual(STATEMENT_BUDGET);
    }
  });

  it('holds the profile and every booking, latest first, without expired holds; audited once', async () => {
    const patient = await patientWithBookings(4);
    const lapsed = await t.database.db
      .insert(bookings)
      .values({
        patientId: patient.patient.id,
        locationId: clinic.location.id,
        doctorId: clinic.doctor.id,
        startAt: new Date(BOOKING_NOW.getTime() + 48 * HOUR),
        endAt: new Date(BOOKING_NOW.getTime() + 48.5 * HOUR),
        status: 'held',
        holdExpiresAt: new Date(BOOKING_NOW.getTime() - 60_000),
        price: '100.00',
        currency: 'EUR',
      })
      .returning();
    const { response, events } = await injectAudited(t, {
      url: `/api/v1/patients/${patient.patient.id}/record`,
      headers: patient.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const record = body<RecordBody>(response);
    expect(record.profile).toMatchObject({
      id: patient.patient.id,
      fullName: patient.patient.fullName,
    });
    const expected = [...patient.rows].reverse().map((row) => row.id);
    expect(record.bookings.map((b) => b.id)).toEqual(expected);
    expect(record.bookings.map((b) => b.id)).not.toContain(lapsed[0]!.id);
    expect(record.bookings[0]!.startAt).toMatch(/\+01:00$/);
    expect(record).toMatchObject({ visitNotes: [], prescriptions: [], reports: [], truncated: [] });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'patient-record.read',
        resourceType: 'patient-record',
        resourceId: patient.patient.id,
        patientId: patient.patient.id,
        outcome: 'success',
      }),
    ]);
  });

  it('keeps the latest 500 bookings of a longer history and says it cut them', async () => {
    const patient = await patientWithBookings(501);
    const response = await t.app.inject({
      url: `/api/v1/patients/${patient.patient.id}/record`,
      headers: patient.headers,
    });
    const record = body<RecordBody>(response);
    expect(record.bookings).toHaveLength(500);
    expect(record.bookings[0]!.id).toBe(patient.rows.at(-1)!.id);
    expect(record.bookings.map((b) => b.id)).not.toContain(patient.rows[0]!.id);
    expect(record.truncated).toEqual(['bookings']);
  });

  it('shows a doctor only the bookings with them, and staff only those at their locations', async () => {
    const patient = await patientWithBookings(3);
    const withClinicDoctor = await t.database.db
      .insert(bookings)
      .values({
        patientId: patient.patient.id,
        locationId: clinic.location.id,
        doctorId: clinic.doctor.id,
        startAt: new Date(BOOKING_NOW.getTime() + 100 * HOUR),
        endAt: new Date(BOOKING_NOW.getTime() + 100.5 * HOUR),
        status: 'booked',
        price: '100.00',
        currency: 'EUR',
      })
      .returning();
    const asDoctor = await t.app.inject({
      url: `/api/v1/patients/${patient.patient.id}/record`,
      headers: clinic.doctorAccount.headers,
    });
    expect(asDoctor.statusCode).toBe(200);
    expect(body<RecordBody>(asDoctor).bookings.map((b) => b.id)).toEqual([withClinicDoctor[0]!.id]);
    const asStaff = await t.app.inject({
      url: `/api/v1/patients/${patient.patient.id}/record`,
      headers: clinic.staff.headers,
    });
    expect(body<RecordBody>(asStaff).bookings).toHaveLength(4);
  });

  it('answers another patient’s record like a missing one, audited as denied', async () => {
    const { response, events } = await injectAudited(t, {
      url: `/api/v1/patients/${clinic.patientA.patient.id}/record`,
      headers: clinic.patientB.headers,
    });
    expectProblem(response, 404);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'patient-record.read',
        patientId: clinic.patientA.patient.id,
        outcome: 'denied',
      }),
    ]);
    const elsewhere = await t.app.inject({
      url: `/api/v1/patients/${clinic.patientA.patient.id}/record`,
      headers: clinic.staffElsewhere.headers,
    });
    expectProblem(elsewhere, 404);
  });
});
