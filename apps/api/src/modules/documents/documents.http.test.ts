import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  createTestApp,
  expectProblem,
  type TestApp,
  withoutRequestId,
} from '../../../test/support/app.js';
import { type Clinic, makeClinic } from '../../../test/support/booking-fixtures.js';
import { JPEG, makeReport, PDF, PNG } from '../../../test/support/document-fixtures.js';
import { makeBooking } from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import { auditEvents, diagnosticReports, documents } from '../../db/schema/index.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MISSING = '0190c0de-0000-7000-8000-000000000000';

/** The storages each run of the suite covers: the default, and files under a fresh directory. */
const dir = mkdtempSync(join(tmpdir(), 'medsync-documents-'));
const STORAGES = {
  database: {},
  filesystem: { DOCUMENT_STORAGE: 'filesystem', DOCUMENT_DIR: dir },
} as const;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.entries(STORAGES))('documents kept in the %s storage', (storage, env) => {
  let t: TestApp;
  let clinic: Clinic;
  /** Reports of patient A at the clinic: one held for review, one released. */
  let held: string;
  let released: string;

  beforeAll(async () => {
    t = await createTestApp({ env });
    clinic = await makeClinic(t.database.db, t.tokens);
    const booking = await makeBooking(t.database.db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      doctorId: clinic.doctor.id,
      startAt: new Date('2026-11-02T09:00:00Z'),
      endAt: new Date('2026-11-02T09:30:00Z'),
      status: 'completed',
    });
    const report = (isReleased: boolean) =>
      makeReport(t.database.db, {
        patientId: clinic.patientA.patient.id,
        locationId: clinic.location.id,
        bookingId: booking.id,
        authorAccountId: clinic.staff.account.id,
        orderingDoctorId: clinic.doctor.id,
        released: isReleased,
      });
    held = await report(false);
    released = await report(true);
  });
  afterAll(() => t.close());

  const upload = (
    reportId: string,
    payload: Buffer,
    { headers = clinic.staff.headers, type = 'application/octet-stream', query = '' } = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/results/${reportId}/documents${query}`,
      headers: { ...headers, 'content-type': type },
      payload,
    });
  const download = (id: string, headers: Record<string, string>) =>
    t.app.inject({ url: `/api/v1/documents/${id}/content`, headers });
  const eventsOf = (response: LightMyRequestResponse) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, String(response.headers['x-request-id'])));

  it('stores an upload and downloads the same bytes with the headers of a download', async () => {
    const created = await upload(released, PDF, { query: '?fileName=Blutbild%20M%C3%A4rz.pdf' });
    expect(created.statusCode).toBe(201);
    const document = body<{ id: string; contentType: string; sha256: string; byteSize: number }>(
      created,
    );
    expect(document).toMatchObject({
      kind: 'report',
      reportId: released,
      fileName: 'Blutbild März.pdf',
      contentType: 'application/pdf',
      byteSize: PDF.length,
      sha256: sha256(PDF),
      source: 'uploaded',
      contentUrl: `/api/v1/documents/${document.id}/content`,
    });
    expect(await eventsOf(created)).toMatchObject([
      { action: 'document.upload', outcome: 'success', resourceId: document.id },
    ]);
    const [row] = await t.database.db.select().from(documents).where(eq(documents.id, document.id));
    expect(row).toMatchObject({ storage, patientId: clinic.patientA.patient.id });
    expect(row!.storageKey).not.toContain('Blutbild');

    for (const headers of [clinic.staff.headers, clinic.patientA.headers]) {
      const response = await download(document.id, headers);
      expect(response.statusCode).toBe(200);
      expect(sha256(response.rawPayload)).toBe(sha256(PDF));
      expect(response.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-length': String(PDF.length),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="Blutbild M?rz.pdf"; filename*=UTF-8''Blutbild%20M%C3%A4rz.pdf`,
      );
      expect(await eventsOf(response)).toMatchObject([
        { action: 'document.download', outcome: 'success', resourceId: document.id },
      ]);
    }
    const metadata = await t.app.inject({
      url: `/api/v1/documents/${document.id}`,
      headers: clinic.patientA.headers,
    });
    expect(body(metadata)).toEqual(document);
    expect(await eventsOf(metadata)).toMatchObject([
      { action: 'document.read', outcome: 'success' },
    ]);
  });

  it('decides the type from the content: a PNG labelled anything is a PNG; names its default', async () => {
    const created = await upload(released, PNG, { type: 'text/html' });
    expect(created.statusCode).toBe(201);
    expect(body(created)).toMatchObject({ contentType: 'image/png', fileName: 'document.png' });
  });

  it('refuses content that is not a PDF, PNG or JPEG with 415, whatever its name or label', async () => {
    const cases = [
      { payload: Buffer.from('just some text, honest'), type: 'application/pdf', name: 'x.pdf' },
      {
        payload: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        type: 'image/svg+xml',
        name: 'x.svg',
      },
      {
        payload: Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
        type: 'image/png',
        name: 'photo.png',
      },
      { payload: Buffer.from('{"fileName":"x.pdf"}'), type: 'application/json', name: 'x.pdf' },
    ];
    for (const { payload, type, name } of cases) {
      const response = await upload(released, payload, { type, query: `?fileName=${name}` });
      expectProblem(response, 415, 'unsupported-document-type');
      expect(await eventsOf(response)).toEqual([]);
    }
    const count = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(documents);
    expect(count[0]!.n).toBeGreaterThan(0);
    const [{ n }] = (await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .where(sql`${documents.fileName} in ('x.pdf', 'x.svg', 'photo.png')`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('refuses a file over 10 MiB with 413, and takes one of exactly 10 MiB', async () => {
    const limit = 10 * 1024 * 1024;
    const tooLarge = Buffer.concat([PDF, Buffer.alloc(limit + 1 - PDF.length)]);
    expectProblem(await upload(released, tooLarge), 413, 'body-too-large');
    const atLimit = Buffer.concat([PDF, Buffer.alloc(limit - PDF.length)]);
    const response = await upload(released, atLimit);
    expect(response.statusCode).toBe(201);
    const id = body<{ id: string }>(response).id;
    expect(sha256((await download(id, clinic.staff.headers)).rawPayload)).toBe(sha256(atLimit));
  });

  it('stops reading a body of unknown length at the limit (413)', async () => {
    // A real socket (inject reads the whole stream first): a chunked body that never ends.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL(`/api/v1/results/${released}/documents`, address);
    let sent = 0;
    // The server answers 413 and closes; the client may see the answer or only the closed socket.
    const outcome = await new Promise<number | 'closed'>((resolve, reject) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: { ...clinic.staff.headers, 'content-type': 'application/pdf' },
      });
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        if (answered) return;
        answered = true;
        if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve('closed');
        else reject(err);
      });
      const chunk = Buffer.alloc(256 * 1024);
      const pump = () => {
        while (!answered && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!answered) request.end();
      };
      pump();
    });
    expect([413, 'closed']).toContain(outcome);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses an empty body with 400', async () => {
    expectProblem(await upload(released, Buffer.alloc(0)), 400);
  });

  it('lets only staff of the report’s location and its ordering doctor attach, others 404', async () => {
    const missing = await upload(MISSING, PNG);
    expectProblem(missing, 404);
    const elsewhere = await upload(released, PNG, { headers: clinic.staffElsewhere.headers });
    expect(withoutRequestId(elsewhere)).toEqual(withoutRequestId(missing));
    expect(await eventsOf(elsewhere)).toMatchObject([
      { action: 'document.upload', outcome: 'denied', patientId: clinic.patientA.patient.id },
    ]);
    const ordering = await upload(released, JPEG, { headers: clinic.doctorAccount.headers });
    expect(ordering.statusCode).toBe(201);
    expect(body(ordering)).toMatchObject({ contentType: 'image/jpeg' });
    const other = await makeAccount(t.database.db, t.tokens, 'doctor');
    expectProblem(await upload(released, PNG, { headers: other.headers }), 404);
    expectProblem(await upload(released, PNG, { headers: clinic.patientA.headers }), 403);
  });

  it('hides an unreleased report’s document from its patient, and every document from another patient', async () => {
    const ofHeld = body<{ id: string }>(await upload(held, PDF)).id;
    const ofReleased = body<{ id: string }>(await upload(released, PDF)).id;
    for (const path of ['', '/content']) {
      const missing = await t.app.inject({
        url: `/api/v1/documents/${MISSING}${path}`,
        headers: clinic.patientA.headers,
      });
      expectProblem(missing, 404);
      const cases = [
        { id: ofHeld, as: clinic.patientA },
        { id: ofReleased, as: clinic.patientB },
        { id: ofReleased, as: clinic.staffElsewhere },
      ];
      for (const { id, as } of cases) {
        const response = await t.app.inject({
          url: `/api/v1/documents/${id}${path}`,
          headers: as.headers,
        });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toBe(missing.headers['content-type']);
        expect(withoutRequestId(response)).toEqual(withoutRequestId(missing));
        expect(await eventsOf(response)).toMatchObject([
          { outcome: 'denied', resourceId: id, patientId: clinic.patientA.patient.id },
        ]);
      }
      const own = await t.app.inject({
        url: `/api/v1/documents/${ofHeld}${path}`,
        headers: clinic.staff.headers,
      });
      expect(own.statusCode).toBe(200);
    }
  });

  it('sets a doctor’s photo, serves it publicly and shows it as the doctor’s photoUrl', async () => {
    const url = `/api/v1/doctors/${clinic.doctor.id}/photo`;
    expectProblem(await t.app.inject({ url }), 404);
    const put = (payload: Buffer, headers: Record<string, string>) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload,
      });
    const first = await put(PNG, t.asAdmin);
    expect(first.statusCode).toBe(200);
    expect(body(first)).toMatchObject({
      kind: 'doctor-photo',
      contentType: 'image/png',
      contentUrl: url,
    });
    const served = await t.app.inject({ url });
    expect(served.statusCode).toBe(200);
    expect(sha256(served.rawPayload)).toBe(sha256(PNG));
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
    });
    const profile = await t.app.inject({ url: `/api/v1/doctors/${clinic.doctor.id}` });
    expect(body(profile).photoUrl).toBe(url);
    const list = await t.app.inject({ url: `/api/v1/doctors?locationId=${clinic.location.id}` });
    expect(body<{ items: { id: string; photoUrl: string }[] }>(list).items).toContainEqual(
      expect.objectContaining({ id: clinic.doctor.id, photoUrl: url }),
    );

    // The doctor replaces it; another doctor may not; a PDF is no photo.
    expect((await put(JPEG, clinic.doctorAccount.headers)).statusCode).toBe(200);
    expect(sha256((await t.app.inject({ url })).rawPayload)).toBe(sha256(JPEG));
    const other = await makeAccount(t.database.db, t.tokens, 'doctor');
    expectProblem(await put(PNG, other.headers), 403, 'not-your-profile');
    expectProblem(await put(PDF, t.asAdmin), 415, 'unsupported-document-type');
    const photos = await t.database.db
      .select()
      .from(documents)
      .where(eq(documents.doctorId, clinic.doctor.id));
    expect(photos.map((p) => p.retiredAt === null).sort()).toEqual([false, true]);
  });

  it('imports a past result as a released, final, imported report with its document', async () => {
    const importUrl = (query: Record<string, string>) =>
      `/api/v1/imports/result-documents?${new URLSearchParams(query)}`;
    const query = {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      title: 'Lipid panel (previous system)',
      resultDate: '2024-11-05',
      fileName: 'lipids-2024.pdf',
    };
    const post = (q: Record<string, string>, payload: Buffer, headers = t.asAdmin) =>
      t.app.inject({
        method: 'POST',
        url: importUrl(q),
        headers: { ...headers, 'content-type': 'application/pdf' },
        payload,
      });
    const response = await post(query, PDF);
    expect(response.statusCode).toBe(201);
    const imported = body<{ reportId: string; document: { id: string } }>(response);
    expect(imported.document).toMatchObject({ source: 'imported', reportId: imported.reportId });
    const [report] = await t.database.db
      .select()
      .from(diagnosticReports)
      .where(eq(diagnosticReports.id, imported.reportId));
    expect(report).toMatchObject({
      source: 'imported',
      status: 'final',
      revision: 1,
      lineageId: imported.reportId,
      bookingId: null,
      resultDate: '2024-11-05',
    });
    expect(report!.releasedAt).not.toBeNull();
    expect(await eventsOf(response)).toMatchObject([
      { action: 'document.import', outcome: 'success', patientId: clinic.patientA.patient.id },
    ]);
    const fetched = await download(imported.document.id, clinic.patientA.headers);
    expect(sha256(fetched.rawPayload)).toBe(sha256(PDF));

    // The results module shows it like any released report, marked imported, dated its result
    // date (the start of that day in the location's zone, Europe/Berlin).
    const patient = clinic.patientA.headers;
    const shown = {
      id: imported.reportId,
      source: 'imported',
      bookingId: null,
      status: 'final',
      effectiveAt: '2024-11-05T00:00:00+01:00',
      observations: [],
      documents: [expect.objectContaining({ id: imported.document.id })],
    };
    const get = (url: string, headers = patient) => t.app.inject({ url, headers });
    const mine = await get(`/api/v1/patients/${clinic.patientA.patient.id}/results`);
    expect(body<{ items: unknown[] }>(mine).items).toContainEqual(expect.objectContaining(shown));
    expect(body(await get(`/api/v1/results/${imported.reportId}`))).toMatchObject(shown);
    const history = await get(`/api/v1/results/${imported.reportId}/history`);
    expect(body<{ items: unknown[] }>(history).items).toMatchObject([shown]);
    const record = await get(`/api/v1/patients/${clinic.patientA.patient.id}/record`);
    expect(body<{ reports: unknown[] }>(record).reports).toContainEqual(
      expect.objectContaining(shown),
    );

    // Refused with the reason, nothing written.
    const before = await t.database.db.select().from(diagnosticReports);
    expectProblem(await post({ ...query, patientId: MISSING }, PDF), 422, 'invalid-reference');
    expectProblem(await post({ ...query, resultDate: '2999-01-01' }, PDF), 422, 'invalid-date');
    expectProblem(await post(query, Buffer.from('%not a pdf')), 415);
    expectProblem(await post(query, PDF, clinic.staff.headers), 403);
    expect(await t.database.db.select().from(diagnosticReports)).toHaveLength(before.length);
  });

  it('keeps an imported report as it came, except that it may be marked entered in error', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/result-documents?${new URLSearchParams({
        patientId: clinic.patientA.patient.id,
        locationId: clinic.location.id,
        title: 'ECG (previous system)',
        resultDate: '2023-06-30',
      })}`,
      headers: { ...t.asAdmin, 'content-type': 'application/pdf' },
      payload: PDF,
    });
    const { reportId } = body<{ reportId: string }>(response);
    const revise = (status: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/results/${reportId}/revisions`,
        headers: clinic.staff.headers,
        payload: { revision: 1, status, reason: 'Filed for the wrong patient', title: 'ECG' },
      });
    expectProblem(await revise('amended'), 409, 'imported-report');
    const voided = await revise('entered-in-error');
    expect(voided.statusCode).toBe(201);
    expect(body(voided)).toMatchObject({
      id: reportId,
      revision: 2,
      status: 'entered-in-error',
      source: 'imported',
      effectiveAt: '2023-06-30T00:00:00+02:00',
      releasedAt: expect.any(String),
    });
  });

  it('keeps the JSON body limit of other routes at 64 KiB', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { ...clinic.staff.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ fullName: 'x'.repeat(70_000) }),
    });
    expectProblem(response, 413);
  });

  if (storage === 'filesystem') {
    it('keeps files under DOCUMENT_DIR by generated key, with no temporary file left', async () => {
      const rows = await t.database.db.select().from(documents);
      const files = readdirSync(dir);
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const row of rows) expect(files).toContain(row.storageKey);
    });
  }
});
