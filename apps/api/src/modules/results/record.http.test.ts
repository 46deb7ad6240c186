import type { DiagnosticReportView } from '@medsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../../test/support/app.js';
import { BOOKING_NOW, type Clinic, makeClinic } from '../../../test/support/booking-fixtures.js';
import { finalReport, makeLabBooking } from '../../../test/support/result-fixtures.js';
import { documents } from '../../db/schema/index.js';
import { AuditLog } from '../audit/index.js';
import { PatientScope } from '../patients/index.js';
import { ResultService } from './service.js';

// The patient record's view of results (`reportsForRecord`): released current revisions with
// their observations and document metadata, in three queries however many there are.

let t: TestApp;
let c: Clinic;
let queries = 0;
let results: ResultService;

beforeAll(async () => {
  t = await createTestApp({ clock: () => BOOKING_NOW, database: { onQuery: () => queries++ } });
  c = await makeClinic(t.database.db, t.tokens);
  results = new ResultService({
    db: t.database.db,
    audit: new AuditLog(),
    scope: new PatientScope(),
  });
});
afterAll(() => t.close());

let slot = 0;
async function report(release: boolean): Promise<DiagnosticReportView> {
  const start = new Date(Date.UTC(2027, 1, 20, 9) - slot++ * 3_600_000);
  const lab = await makeLabBooking(t.database.db, c, c.patientA, start);
  const headers = c.staff.headers;
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${lab.id}/results`,
    headers,
    payload: finalReport(),
  });
  const view = body<DiagnosticReportView>(created);
  if (release) {
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/results/${view.id}/release`,
      headers,
      payload: { revision: 1 },
    });
  }
  return view;
}

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const before = queries;
  const value = await work();
  return { value, queries: queries - before };
}

describe('reportsForRecord', () => {
  it('gives released reports with observations and documents in three queries, at 1 and at 30', async () => {
    const first = await report(true);
    const hidden = await report(false);
    await t.database.db.insert(documents).values({
      kind: 'report',
      reportId: first.id,
      patientId: c.patientA.patient.id,
      fileName: 'result.pdf',
      contentType: 'application/pdf',
      byteSize: 1234,
      sha256: 'a'.repeat(64),
      storage: 'database',
      storageKey: 'record-test',
    });
    const one = await counted(() => results.reportsForRecord(t.database.db, c.patientA.patient.id));
    expect(one.queries).toBe(3);
    expect(one.value.map((r) => r.id)).toEqual([first.id]);
    expect(one.value[0]!.observations).toHaveLength(1);
    expect(one.value[0]!.documents).toEqual([
      {
        id: expect.any(String),
        fileName: 'result.pdf',
        contentType: 'application/pdf',
        byteSize: 1234,
        createdAt: expect.stringMatching(/\+0[12]:00$/),
      },
    ]);

    for (let i = 0; i < 29; i++) await report(true);
    const many = await counted(() =>
      results.reportsForRecord(t.database.db, c.patientA.patient.id),
    );
    expect(many.queries).toBe(3);
    expect(many.value).toHaveLength(30);
    expect(many.value.map((r) => r.id)).not.toContain(hidden.id);
  });
});
