import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../support/app.js';
import {
  type Clinic,
  makeClinic,
  slotAt,
  type TestClock,
  testClock,
} from '../support/booking-fixtures.js';
import { PDF } from '../support/document-fixtures.js';
import { prescriptionBody } from '../support/prescription-fixtures.js';
import { potassium } from '../support/result-fixtures.js';

// A visit's whole life through HTTP, across every clinical module: booked with a reason, checked
// in, written up (note, prescription), completed; a diagnostic with a critical value reported,
// documented, released and acknowledged; read, downloaded and rated by the patient; corrected;
// never deleted; and the patient erased with their clinical record kept.

type Headers = Record<string, string>;
let t: TestApp;
let clinic: Clinic;
let clock: TestClock;

beforeAll(async () => {
  clock = testClock();
  t = await createTestApp({ clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Headers,
  payload?: object,
) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
/** The JSON of a response with this status (its body in the failure message). */
function ok<T = Record<string, unknown>>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return body<T>(response);
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Entity {
  id: string;
  revision: number;
  version: number;
}
interface RecordBody {
  profile: { fullName: string };
  bookings: { id: string; reason: string | null }[];
  visitNotes: { id: string; note: string }[];
  prescriptions: { id: string; revision: number; durationDays: number }[];
  reports: {
    id: string;
    amended: boolean;
    status: string;
    critical: boolean;
    observations: { interpretation: string | null }[];
    documents: { id: string; contentType: string }[];
  }[];
}

describe('a visit from booking to erasure', () => {
  it('goes through every clinical module over HTTP', async () => {
    const patient = clinic.patientA;
    const doctor = clinic.doctorAccount.headers;
    const staff = clinic.staff.headers;

    // The patient books the doctor with a reason, and a diagnostic, and a visit for later.
    const visitAt = slotAt(clinic, 1, '09:00');
    const visit = ok<Entity & { reason: string }>(
      await call('POST', '/bookings', patient.headers, {
        doctorId: clinic.doctor.id,
        startAt: visitAt,
        reason: 'Headaches for two weeks',
      }),
      201,
    );
    expect(visit.reason).toBe('Headaches for two weeks');
    const lab = ok<Entity>(
      await call('POST', '/bookings', patient.headers, {
        diagnosticLocationId: clinic.scanner.id,
        startAt: slotAt(clinic, 1, '11:00'),
      }),
      201,
    );
    const later = ok<Entity>(
      await call('POST', '/bookings', patient.headers, {
        doctorId: clinic.doctor.id,
        startAt: slotAt(clinic, 20, '09:00'),
      }),
      201,
    );
    expect(ok<{ reason: string }>(await call('GET', `/bookings/${visit.id}`, doctor)).reason).toBe(
      'Headaches for two weeks',
    );

    // Staff check the patient in; the doctor writes the note and a prescription, then completes.
    clock.set(new Date(visitAt));
    ok(
      await call('POST', `/bookings/${visit.id}/check-in`, staff, { version: visit.version }),
      200,
    );
    const note = ok<Entity>(
      await call('POST', `/bookings/${visit.id}/visit-note`, doctor, {
        note: 'Tension-type headache; no red flags.',
        diagnoses: [{ text: 'Tension-type headache', code: 'G44.2' }],
      }),
      201,
    );
    const prescription = ok<Entity & { validFrom: string; validUntil: string }>(
      await call('POST', `/bookings/${visit.id}/prescriptions`, doctor, prescriptionBody()),
      201,
    );
    clock.advance(30);
    ok(
      await call('POST', `/bookings/${visit.id}/complete`, doctor, { version: visit.version + 1 }),
    );

    // The lab reports a critical potassium, uploads the PDF, releases; staff acknowledge.
    clock.set(new Date(slotAt(clinic, 1, '11:00')));
    ok(await call('POST', `/bookings/${lab.id}/check-in`, staff, { version: lab.version }));
    const report = ok<Entity & { critical: boolean }>(
      await call('POST', `/bookings/${lab.id}/results`, staff, {
        status: 'final',
        title: 'Electrolytes',
        observations: [potassium('6.8'), { name: 'Haemolysis', valueText: 'none' }],
      }),
      201,
    );
    expect(report).toMatchObject({ critical: true, releasedAt: null });
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/results/${report.id}/documents`,
      headers: { ...staff, 'content-type': 'application/octet-stream' },
      payload: PDF,
    });
    const document = ok<{ id: string; contentType: string }>(upload, 201);
    expect(document.contentType).toBe('application/pdf');
    expect(
      ok<RecordBody>(await call('GET', `/patients/${patient.patient.id}/record`, patient.headers))
        .reports,
    ).toEqual([]);
    ok(await call('POST', `/results/${report.id}/release`, staff, { revision: 1 }));
    const criticalIds = async () =>
      ok<{ items: { id: string }[] }>(await call('GET', '/me/critical-results', staff)).items.map(
        (r) => r.id,
      );
    expect(await criticalIds()).toContain(report.id);
    ok(await call('POST', `/results/${report.id}/acknowledge-critical`, staff, { revision: 1 }));
    expect(await criticalIds()).not.toContain(report.id);

    // The patient reads the record, downloads the document and rates the doctor.
    const record = ok<RecordBody>(
      await call('GET', `/patients/${patient.patient.id}/record`, patient.headers),
    );
    expect(record.bookings.find((b) => b.id === visit.id)?.reason).toBe('Headaches for two weeks');
    expect(record.visitNotes).toEqual([
      expect.objectContaining({ id: note.id, note: 'Tension-type headache; no red flags.' }),
    ]);
    expect(record.prescriptions).toEqual([
      expect.objectContaining({ id: prescription.id, revision: 1 }),
    ]);
    expect(record.reports).toEqual([
      expect.objectContaining({ id: report.id, amended: false, critical: true }),
    ]);
    expect(record.reports[0]!.observations.map((o) => o.interpretation)).toEqual(['HH', null]);
    expect(record.reports[0]!.documents).toEqual([
      expect.objectContaining({ id: document.id, contentType: 'application/pdf' }),
    ]);
    const download = await call('GET', `/documents/${document.id}/content`, patient.headers);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(sha256(download.rawPayload)).toBe(sha256(PDF));
    const rating = ok<Entity>(
      await call('POST', `/bookings/${visit.id}/rating`, patient.headers, {
        stars: 4,
        comment: 'Listened carefully.',
      }),
      201,
    );
    expect(ok(await call('GET', `/doctors/${clinic.doctor.id}`, {}))).toMatchObject({
      ratingAvg: 4,
      ratingCount: 1,
    });
    expect(rating.id).toEqual(expect.any(String));

    // Corrections: a prescription revision and an amended report, both in their history.
    const revised = ok<Entity>(
      await call('POST', `/prescriptions/${prescription.id}/revisions`, doctor, {
        ...prescriptionBody({ durationDays: 10, quantity: { value: '30', unit: 'capsule' } }),
        validFrom: prescription.validFrom,
        validUntil: prescription.validUntil,
        revision: 1,
        reason: 'Longer course',
      }),
      201,
    );
    expect(revised).toMatchObject({ id: prescription.id, revision: 2 });
    const amended = ok<Entity>(
      await call('POST', `/results/${report.id}/revisions`, staff, {
        status: 'amended',
        title: 'Electrolytes',
        observations: [potassium('6.6'), { name: 'Haemolysis', valueText: 'slight' }],
        revision: 1,
        reason: 'Re-run on a fresh sample',
      }),
      201,
    );
    expect(amended).toMatchObject({ id: report.id, revision: 2 });
    // The amendment's critical value is new: it waits for an acknowledgment of its own.
    expect(await criticalIds()).toContain(report.id);
    ok(await call('POST', `/results/${report.id}/acknowledge-critical`, staff, { revision: 2 }));
    expect(await criticalIds()).not.toContain(report.id);
    for (const url of [
      `/prescriptions/${prescription.id}/history`,
      `/results/${report.id}/history`,
    ]) {
      const history = ok<{ items: Entity[] }>(await call('GET', url, doctor));
      expect(
        history.items.map((r) => r.revision),
        url,
      ).toEqual([1, 2]);
    }
    const afterAmend = ok<RecordBody>(
      await call('GET', `/patients/${patient.patient.id}/record`, patient.headers),
    );
    expect(afterAmend.reports).toEqual([
      expect.objectContaining({ id: report.id, amended: true, status: 'amended' }),
    ]);
    expect(afterAmend.prescriptions).toEqual([
      expect.objectContaining({ id: prescription.id, revision: 2, durationDays: 10 }),
    ]);

    // Nothing clinical can be deleted: 405 with the methods the path has.
    for (const url of [
      `/prescriptions/${prescription.id}`,
      `/visit-notes/${note.id}`,
      `/results/${report.id}`,
      `/documents/${document.id}`,
    ]) {
      const response = await call('DELETE', url, doctor);
      expect(response.statusCode, url).toBe(405);
      expect(response.headers.allow, url).toContain('GET');
      expect(response.headers.allow, url).not.toContain('DELETE');
    }

    // The patient's access log names who read and wrote their data.
    const log = ok<{ items: { actorId: string | null; action: string }[] }>(
      await call('GET', '/me/access-log?limit=100', patient.headers),
    );
    const by = (actorId: string) =>
      log.items.filter((e) => e.actorId === actorId).map((e) => e.action);
    expect(by(clinic.doctorAccount.account.id)).toEqual(
      expect.arrayContaining(['visit-note.create', 'prescription.create', 'prescription.revise']),
    );
    expect(by(clinic.staff.account.id)).toEqual(
      expect.arrayContaining(['booking.check-in', 'diagnostic-report.release']),
    );
    expect(by(patient.account.id)).toEqual(
      expect.arrayContaining(['booking.create', 'patient-record.read', 'document.download']),
    );

    // The admin erases the patient: the login and contact details go, the record stays.
    const erased = ok(await call('POST', `/patients/${patient.patient.id}/erase`, t.asAdmin));
    expect(erased).toMatchObject({ bookingsCancelled: 1, ratingCommentsRemoved: 1 });
    expect((await call('GET', '/me', patient.headers)).statusCode).toBe(401);
    expect(ok(await call('GET', `/patients/${patient.patient.id}`, staff))).toMatchObject({
      fullName: expect.stringMatching(/^Erased patient /),
      email: null,
      phone: null,
    });
    expect(ok(await call('GET', `/bookings/${later.id}`, staff))).toMatchObject({
      status: 'cancelled',
    });
    const ratings = ok<{ items: { id: string; stars: number; comment: string | null }[] }>(
      await call('GET', `/doctors/${clinic.doctor.id}/ratings`, {}),
    );
    expect(ratings.items).toEqual([expect.objectContaining({ stars: 4, comment: null })]);
    const kept = ok<RecordBody>(await call('GET', `/patients/${patient.patient.id}/record`, staff));
    expect(kept.profile.fullName).toMatch(/^Erased patient /);
    expect(kept.visitNotes.map((n) => n.id)).toEqual([note.id]);
    expect(kept.prescriptions.map((p) => p.id)).toEqual([prescription.id]);
    expect(kept.reports.map((r) => r.id)).toEqual([report.id]);
    expect(kept.reports[0]!.documents.map((d) => d.id)).toEqual([document.id]);
  });
});
