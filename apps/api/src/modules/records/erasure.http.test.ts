import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  bookingRow,
  type Clinic,
  injectAudited,
  makeClinic,
  makeClinicBooking,
  makePatientAccount,
  type PatientAccount,
  slotAt,
} from '../../../test/support/booking-fixtures.js';
import { makeBooking, makePatient } from '../../../test/support/factories.js';
import {
  accounts,
  diagnosticReports,
  passwordResets,
  patients,
  refreshTokens,
} from '../../db/schema/index.js';

// POST /patients/{id}/erase (SECURITY.md item 24): the login and the contact details go, future
// bookings are cancelled, the clinical record stays; one transaction, audited, repeatable.

interface ErasureBody {
  patientId: string;
  erasedAt: string;
  accountClosed: boolean;
  bookingsCancelled: number;
  ratingCommentsRemoved: number;
}

const HOUR = 3_600_000;
const at = (hours: number) => new Date(BOOKING_NOW.getTime() + hours * HOUR);
let t: TestApp;
let clinic: Clinic;

beforeAll(async () => {
  t = await createTestApp({ clock: () => BOOKING_NOW });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

const erase = (patientId: string, headers: Record<string, string> = t.asAdmin) =>
  injectAudited(t, { method: 'POST', url: `/api/v1/patients/${patientId}/erase`, headers });

/** A patient with a visit behind them (and its report), a booking and a live hold ahead. */
async function patientWithHistory(hoursFromNow: number) {
  const patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
  await t.database.db
    .update(patients)
    .set({ phone: '+49 30 5550199' })
    .where(eq(patients.id, patient.patient.id));
  const visit = await makeClinicBooking(t.database.db, clinic, patient, at(-48 - hoursFromNow), {
    status: 'completed',
  });
  const upcoming = await makeClinicBooking(t.database.db, clinic, patient, at(hoursFromNow));
  const hold = await makeClinicBooking(t.database.db, clinic, patient, at(hoursFromNow + 1), {
    status: 'held',
    holdExpiresAt: at(0.25),
  });
  const reportId = randomUUID();
  await t.database.db.insert(diagnosticReports).values({
    id: reportId,
    lineageId: reportId,
    revision: 1,
    patientId: patient.patient.id,
    bookingId: visit.id,
    locationId: clinic.location.id,
    status: 'final',
    title: 'Blood count',
    authorAccountId: clinic.staff.account.id,
  });
  await t.database.db.insert(refreshTokens).values({
    accountId: patient.account.id,
    familyId: randomUUID(),
    tokenHash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    expiresAt: at(24),
  });
  await t.database.db.insert(passwordResets).values({
    accountId: patient.account.id,
    tokenHash: randomUUID().replaceAll('-', '').padEnd(64, '1'),
    expiresAt: at(1),
  });
  return { patient, visit, upcoming, hold, reportId };
}

const accountOf = async (p: PatientAccount) =>
  (await t.database.db.select().from(accounts).where(eq(accounts.id, p.account.id)))[0]!;
const profileOf = async (id: string) =>
  (await t.database.db.select().from(patients).where(eq(patients.id, id)))[0]!;

describe('erasing a patient’s account', () => {
  it('closes the login, pseudonymises the profile, cancels future bookings and keeps the record', async () => {
    const { patient, visit, upcoming, hold, reportId } = await patientWithHistory(10);
    const { response, events } = await erase(patient.patient.id);
    expect(response.statusCode).toBe(200);
    expect(body<ErasureBody>(response)).toEqual({
      patientId: patient.patient.id,
      erasedAt: BOOKING_NOW.toISOString(),
      accountClosed: true,
      bookingsCancelled: 2,
      ratingCommentsRemoved: 0,
    });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'patient.erase',
        resourceType: 'patient',
        resourceId: patient.patient.id,
        patientId: patient.patient.id,
        outcome: 'success',
      }),
    ]);

    const profile = await profileOf(patient.patient.id);
    expect(profile).toMatchObject({
      fullName: `Erased patient ${patient.patient.id.slice(-8)}`,
      phone: null,
      email: null,
      dateOfBirth: patient.patient.dateOfBirth,
      sex: patient.patient.sex,
      registeredAtLocationId: clinic.location.id,
      erasedAt: BOOKING_NOW,
    });
    const account = await accountOf(patient);
    expect(account.email).toBe(`erased-${account.id}@erased.invalid`);
    expect(account.passwordHash).toBe('!erased');
    expect(account.disabledAt).toEqual(BOOKING_NOW);
    expect(account.tokenVersion).toBeGreaterThan(patient.account.tokenVersion);
    const tokens = await t.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.accountId, account.id));
    expect(tokens.map((row) => row.revokedAt)).toEqual([expect.any(Date)]);
    expect(
      await t.database.db
        .select()
        .from(passwordResets)
        .where(eq(passwordResets.accountId, account.id)),
    ).toEqual([]);

    expect((await bookingRow(t, visit.id)).status).toBe('completed');
    expect((await bookingRow(t, upcoming.id)).status).toBe('cancelled');
    expect((await bookingRow(t, hold.id)).status).toBe('cancelled');
    const reports = await t.database.db
      .select({ id: diagnosticReports.id })
      .from(diagnosticReports)
      .where(eq(diagnosticReports.patientId, patient.patient.id));
    expect(reports).toEqual([{ id: reportId }]);
  });

  it('ends the patient’s sessions and frees the cancelled slots at once', async () => {
    const { patient, upcoming } = await patientWithHistory(20);
    await erase(patient.patient.id);
    const me = await t.app.inject({ url: '/api/v1/me', headers: patient.headers });
    expectProblem(me, 401);
    const other = await makePatient(t.database.db);
    // The doctor's time is free: an overlapping booking of another patient is accepted.
    await makeBooking(t.database.db, {
      patientId: other.id,
      locationId: clinic.location.id,
      doctorId: clinic.doctor.id,
      startAt: upcoming.startAt,
      endAt: upcoming.endAt,
    });
  });

  it('books an erased patient no more and keeps their contact details out', async () => {
    const patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
    await erase(patient.patient.id);
    const booking = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: clinic.staff.headers,
      payload: {
        doctorId: clinic.doctor.id,
        startAt: slotAt(clinic, 5, '11:00'),
        patientId: patient.patient.id,
      },
    });
    expectProblem(booking, 422, 'patient-erased');
    const restore = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${patient.patient.id}`,
      headers: clinic.staff.headers,
      payload: { phone: '+49 30 5550100' },
    });
    expectProblem(restore, 409, 'patient-erased');
    expect((await profileOf(patient.patient.id)).phone).toBeNull();
  });

  it('is harmless the second time: same answer but nothing more to do, audited again', async () => {
    const { patient } = await patientWithHistory(30);
    const first = body<ErasureBody>((await erase(patient.patient.id)).response);
    const before = await profileOf(patient.patient.id);
    const { response, events } = await erase(patient.patient.id);
    expect(response.statusCode).toBe(200);
    expect(body<ErasureBody>(response)).toEqual({ ...first, bookingsCancelled: 0 });
    expect(await profileOf(patient.patient.id)).toEqual({
      ...before,
      updatedAt: expect.any(Date),
    });
    expect(events).toHaveLength(1);
  });

  it('lets two concurrent erasures of one patient both succeed, the work done once', async () => {
    const { patient } = await patientWithHistory(50);
    const answers = await Promise.all([erase(patient.patient.id), erase(patient.patient.id)]);
    expect(answers.map((a) => a.response.statusCode)).toEqual([200, 200]);
    const results = answers.map((a) => body<ErasureBody>(a.response));
    expect(results.map((r) => r.bookingsCancelled).sort()).toEqual([0, 2]);
    expect(results[0]!.erasedAt).toBe(results[1]!.erasedAt);
  });

  it('erases a patient registered at the desk, who has no login', async () => {
    const patient = await makePatient(t.database.db, {
      registeredAtLocationId: clinic.location.id,
    });
    const { response } = await erase(patient.id);
    expect(body<ErasureBody>(response)).toMatchObject({
      accountClosed: false,
      bookingsCancelled: 0,
    });
    expect((await profileOf(patient.id)).email).toBeNull();
  });

  it('answers 404 for an id that names no patient, a doctor’s or staff account included', async () => {
    for (const id of [randomUUID(), clinic.doctor.id, clinic.staff.account.id]) {
      const { response, events } = await erase(id);
      expectProblem(response, 404);
      expect(events).toEqual([
        expect.objectContaining({ action: 'patient.erase', resourceId: id, outcome: 'failure' }),
      ]);
    }
    const [staff] = await t.database.db
      .select()
      .from(accounts)
      .where(eq(accounts.id, clinic.staff.account.id));
    expect(staff!.disabledAt).toBeNull();
  });

  it('is for admins only: the patient themself and staff are refused, and nothing changes', async () => {
    const { patient, upcoming } = await patientWithHistory(40);
    for (const headers of [patient.headers, clinic.staff.headers]) {
      const { response, events } = await erase(patient.patient.id, headers);
      expectProblem(response, 403);
      expect(events).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    }
    expect((await profileOf(patient.patient.id)).erasedAt).toBeNull();
    expect((await bookingRow(t, upcoming.id)).status).toBe('booked');
  });
});
