import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeGrants } from '../../src/db/migrator.js';
import { body, createTestApp, type TestApp } from '../support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinic,
  makeClinicBooking,
  makePatientAccount,
} from '../support/booking-fixtures.js';
import { PDF, PNG } from '../support/document-fixtures.js';
import { prescriptionBody } from '../support/prescription-fixtures.js';
import { finalReport, makeLabBooking } from '../support/result-fixtures.js';

// The runtime role may UPDATE only the retire/release/acknowledge columns of the clinical tables
// (`APPEND_ONLY` in src/db/migrator.ts). A code path that updates any other column, locks a row
// the role cannot update, or upserts would fail in production only: here the whole app runs as
// that role, and every clinical write path must succeed through HTTP.

const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const runtimeRole = `medsync_clinical_${suffix}`;
const serverUrl = process.env.TEST_DATABASE_URL!;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });

let t: TestApp;
let clinic: Clinic;
beforeAll(async () => {
  await admin.unsafe(`create role ${runtimeRole} login`);
  t = await createTestApp({
    clock: () => BOOKING_NOW,
    connectVia: (url) => {
      const asRuntime = new URL(url);
      asRuntime.username = runtimeRole;
      asRuntime.password = '';
      return asRuntime.toString();
    },
  });
  for (const statement of runtimeGrants(runtimeRole)) await t.database.db.execute(statement);
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(async () => {
  await t.close();
  await admin.unsafe(`drop role if exists ${runtimeRole}`);
  await admin.end();
});

type Headers = Record<string, string>;
const post = (headers: Headers, url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
const expectStatus = (response: LightMyRequestResponse, status: number, step: string) =>
  expect(response.statusCode, `${step}: ${response.body}`).toBe(status);
const HOUR = 3_600_000;

describe('the clinical write paths as the runtime role', () => {
  it('writes and revises a visit note and a prescription, and changes its status', async () => {
    const visit = await makeClinicBooking(
      t.database.db,
      clinic,
      clinic.patientA,
      new Date(BOOKING_NOW.getTime() - 5 * HOUR),
      { status: 'checked_in' },
    );
    const doctor = clinic.doctorAccount.headers;
    const note = await post(doctor, `/bookings/${visit.id}/visit-note`, {
      note: 'Sore throat for three days.',
      diagnoses: [{ text: 'Acute pharyngitis', code: 'J02.9' }],
    });
    expectStatus(note, 201, 'create the visit note');
    const noteId = body<{ id: string }>(note).id;
    expectStatus(
      await post(doctor, `/visit-notes/${noteId}/revisions`, {
        revision: 1,
        note: 'Sore throat for four days.',
        diagnoses: [{ text: 'Acute pharyngitis', code: 'J02.9' }],
        reason: 'Duration corrected',
      }),
      201,
      'revise the visit note',
    );

    const created = await post(doctor, `/bookings/${visit.id}/prescriptions`, prescriptionBody());
    expectStatus(created, 201, 'create the prescription');
    const id = body<{ id: string }>(created).id;
    expectStatus(
      await post(doctor, `/prescriptions/${id}/revisions`, {
        ...prescriptionBody({ durationDays: 10, quantity: { value: '30', unit: 'capsule' } }),
        validFrom: body<{ validFrom: string }>(created).validFrom,
        validUntil: body<{ validUntil: string }>(created).validUntil,
        revision: 1,
        reason: 'Longer course',
      }),
      201,
      'revise the prescription',
    );
    expectStatus(
      await post(doctor, `/prescriptions/${id}/status`, {
        revision: 2,
        status: 'on-hold',
        reason: 'Waiting for a culture',
      }),
      200,
      'put the prescription on hold',
    );
  });

  it('writes, revises, releases and acknowledges a report, and uploads its document', async () => {
    const staff = clinic.staff.headers;
    const lab = await makeLabBooking(
      t.database.db,
      clinic,
      clinic.patientA,
      new Date(BOOKING_NOW.getTime() - 30 * HOUR),
    );
    const created = await post(staff, `/bookings/${lab.id}/results`, finalReport('6.9'));
    expectStatus(created, 201, 'create the report');
    const id = body<{ id: string }>(created).id;
    expectStatus(
      await post(staff, `/results/${id}/revisions`, {
        ...finalReport('7.0'),
        revision: 1,
        status: 'final',
        reason: 'Transcription error',
      }),
      201,
      'revise the report',
    );
    expectStatus(await post(staff, `/results/${id}/release`, { revision: 2 }), 200, 'release');
    expectStatus(
      await post(staff, `/results/${id}/acknowledge-critical`, { revision: 2 }),
      200,
      'acknowledge the critical value',
    );
    expectStatus(
      await post(staff, `/results/${id}/revisions`, {
        ...finalReport('7.1'),
        revision: 2,
        status: 'amended',
        reason: 'Re-run confirmed',
      }),
      201,
      'amend the released report',
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/results/${id}/documents`,
      headers: { ...staff, 'content-type': 'application/octet-stream' },
      payload: PDF,
    });
    expectStatus(upload, 201, 'upload the report document');
  });

  it('sets a doctor’s photo twice, retiring the first', async () => {
    const put = () =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/doctors/${clinic.doctor.id}/photo`,
        headers: { ...t.asAdmin, 'content-type': 'application/octet-stream' },
        payload: PNG,
      });
    expectStatus(await put(), 200, 'the first photo');
    expectStatus(await put(), 200, 'the second photo');
  });

  it('rates a visit, edits the rating, and erases the patient', async () => {
    const patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
    const visit = await makeClinicBooking(
      t.database.db,
      clinic,
      patient,
      new Date(BOOKING_NOW.getTime() - 50 * HOUR),
      { status: 'completed' },
    );
    await makeClinicBooking(
      t.database.db,
      clinic,
      patient,
      new Date(BOOKING_NOW.getTime() + 50 * HOUR),
    );
    const rating = await post(patient.headers, `/bookings/${visit.id}/rating`, {
      stars: 4,
      comment: 'Kind and thorough.',
    });
    expectStatus(rating, 201, 'rate the visit');
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/ratings/${body<{ id: string }>(rating).id}`,
      headers: patient.headers,
      payload: { version: body<{ version: number }>(rating).version, stars: 5 },
    });
    expectStatus(edited, 200, 'edit the rating');
    const erased = await post(t.asAdmin, `/patients/${patient.patient.id}/erase`);
    expectStatus(erased, 200, 'erase the patient');
    expect(body(erased)).toMatchObject({ bookingsCancelled: 1, ratingCommentsRemoved: 1 });
  });

  it('ran as the least-privileged role, not as the owner', async () => {
    const [row] = await admin.unsafe(
      `select count(*)::int as n from pg_stat_activity where usename = '${runtimeRole}'`,
    );
    expect(row!.n).toBeGreaterThan(0);
    const asRuntime = new URL(t.database.url!);
    asRuntime.username = runtimeRole;
    const runtime = postgres(asRuntime.toString(), { max: 1, onnotice: () => {} });
    try {
      const refused = await runtime`update visit_notes set note = note`.then(
        () => null,
        (err: { code?: string }) => err.code,
      );
      expect(refused).toBe('42501');
    } finally {
      await runtime.end();
    }
  });
});
