import type { CriticalDiagnosticReportPageView, DiagnosticReportView } from '@medsync/contracts';
import { eq, sql } from 'drizzle-orm';
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
  injectAudited,
  makeClinic,
  makePatientAccount,
  type PatientAccount,
} from '../../../test/support/booking-fixtures.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import {
  finalReport,
  makeLabBooking,
  makeVisit,
  potassium,
} from '../../../test/support/result-fixtures.js';
import { StatementCounter } from '../../../test/support/statement-counter.js';
import { pgError } from '../../db/errors.js';
import { diagnosticReports, patients } from '../../db/schema/index.js';

// Diagnostic reports over HTTP: who may write them and on which bookings, the interpretation
// computed by the server, release to the patient, amendments, critical values, and the trigger
// that keeps every revision as written.

const counter = new StatementCounter();
let t: TestApp;
let c: Clinic;
let otherDoctor: TestAccount;
// Each booking an hour before the last, so that none of a patient's overlap: the first at PAST.
const PAST = new Date('2027-02-20T09:00:00Z');
let bookings = 0;
const past = () => new Date(PAST.getTime() - bookings++ * 3_600_000);

beforeAll(async () => {
  t = await createTestApp({ clock: () => BOOKING_NOW, database: counter.options });
  c = await makeClinic(t.database.db, t.tokens);
  otherDoctor = await makeAccount(t.database.db, t.tokens, 'doctor');
});
afterAll(() => t.close());

const post = (headers: object, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: headers as never, payload });
const get = (headers: object, url: string) =>
  t.app.inject({ url: `/api/v1${url}`, headers: headers as never });

async function labReport(
  payload: object = finalReport(),
  patient: PatientAccount = c.patientA,
): Promise<DiagnosticReportView> {
  const booking = await makeLabBooking(t.database.db, c, patient, past());
  const response = await post(c.staff.headers, `/bookings/${booking.id}/results`, payload);
  expect(response.statusCode, response.body).toBe(201);
  return body<DiagnosticReportView>(response);
}

async function visitReport(payload: object = finalReport()): Promise<DiagnosticReportView> {
  const booking = await makeVisit(t.database.db, c, c.patientA, past());
  const response = await post(c.doctorAccount.headers, `/bookings/${booking.id}/results`, payload);
  expect(response.statusCode, response.body).toBe(201);
  return body<DiagnosticReportView>(response);
}

describe('writing a report', () => {
  it('lets staff of the lab write one for a checked-in diagnostic booking, judged by the server', async () => {
    const report = await labReport({
      title: 'Blood count',
      observations: [
        potassium('5.1'),
        { name: 'Urine protein', valueText: 'Trace', referenceRanges: [{ text: 'negative' }] },
        { name: 'Comment', valueText: 'haemolysed sample' },
      ],
    });
    expect(report).toMatchObject({
      revision: 1,
      status: 'registered',
      amended: false,
      orderingDoctorId: null,
      releasedAt: null,
      effectiveAt: '2027-02-20T10:00:00+01:00',
      critical: false,
    });
    expect(report.observations.map((o) => o.interpretation)).toEqual(['N', 'A', null]);
    expect(report.observations[0]!.referenceRange).toEqual({
      low: '3.5',
      high: '5.1',
      criticalLow: '2.5',
      criticalHigh: '6.5',
      text: null,
      sex: null,
      ageMin: null,
      ageMax: null,
    });
  });

  it('lets the doctor of a completed visit write one, as its ordering doctor', async () => {
    const report = await visitReport();
    expect(report.orderingDoctorId).toBe(c.doctor.id);
    expect(report.status).toBe('final');
  });

  it('answers 404 to writers from elsewhere and 403 to patients', async () => {
    const lab = await makeLabBooking(t.database.db, c, c.patientA, past());
    const visit = await makeVisit(t.database.db, c, c.patientA, past());
    for (const [headers, id] of [
      [c.staffElsewhere.headers, lab.id],
      [otherDoctor.headers, visit.id],
      [c.doctorAccount.headers, lab.id],
    ] as const) {
      expectProblem(await post(headers, `/bookings/${id}/results`, finalReport()), 404);
    }
    expectProblem(
      await post(c.patientA.headers, `/bookings/${lab.id}/results`, finalReport()),
      403,
    );
  });

  it('refuses bookings that have produced nothing to report: 409', async () => {
    for (const status of ['booked', 'held', 'cancelled', 'no_show', 'expired']) {
      const booking = await makeLabBooking(t.database.db, c, c.patientB, past(), status);
      const { response, events } = await injectAudited(t, {
        method: 'POST',
        url: `/api/v1/bookings/${booking.id}/results`,
        headers: c.staff.headers,
        payload: finalReport(),
      });
      expectProblem(response, 409, 'booking-not-reportable');
      expect(events.map((e) => e.outcome)).toEqual(['failure']);
    }
  });

  it('never takes an interpretation from the client, and checks the input', async () => {
    const lab = await makeLabBooking(t.database.db, c, c.patientA, past());
    const url = `/bookings/${lab.id}/results`;
    const sent = (observation: object) =>
      post(c.staff.headers, url, { title: 'x', observations: [observation] });
    expectProblem(await sent({ ...potassium('9'), interpretation: 'N' }), 400);
    expectProblem(await sent({ ...potassium('9'), loincCode: '12345678-9' }), 400);
    expectProblem(await post(c.staff.headers, url, { ...finalReport(), status: 'amended' }), 400);
    const bad = expectProblem(
      await sent({ ...potassium('9'), referenceRanges: [{ low: '5', high: '4' }] }),
      422,
      'invalid-observations',
    );
    expect(bad.errors).toEqual([
      { path: '/body/observations/0/referenceRanges/0/high', message: expect.any(String) },
    ]);
  });

  it('chooses the range for the patient’s sex and age at the booking', async () => {
    await t.database.db
      .update(patients)
      .set({ sex: 'female', dateOfBirth: '2009-02-21' })
      .where(eq(patients.id, c.patientB.patient.id));
    const lab = await makeLabBooking(t.database.db, c, c.patientB, past());
    const hb = (value: string) => ({
      name: 'Hemoglobin',
      valueQuantity: value,
      unit: 'g/dL',
      referenceRanges: [
        { low: '12', high: '15.5', sex: 'female', ageMin: 18 },
        { low: '13.5', high: '17.5', sex: 'male', ageMin: 18 },
        { low: '11', high: '14', ageMax: 17 },
      ],
    });
    const response = await post(c.staff.headers, `/bookings/${lab.id}/results`, {
      title: 'Blood count',
      observations: [hb('14.5')],
    });
    // 17 on the day of the test (18 the next day): the child's range, so H.
    expect(body<DiagnosticReportView>(response).observations[0]).toMatchObject({
      referenceRange: { low: '11', high: '14', ageMax: 17, sex: null },
      interpretation: 'H',
    });
  });
});

describe('release', () => {
  it('keeps a report from its patient until staff or its doctor releases it', async () => {
    const report = await labReport();
    const missing = await get(c.patientA.headers, `/results/${crypto.randomUUID()}`);
    const hidden = await get(c.patientA.headers, `/results/${report.id}`);
    expectProblem(hidden, 404);
    expect(withoutRequestId(hidden)).toEqual(withoutRequestId(missing));
    const listed = async () =>
      body<{ items: DiagnosticReportView[] }>(
        await get(c.patientA.headers, `/patients/${c.patientA.patient.id}/results?limit=100`),
      ).items.map((r) => r.id);
    expect(await listed()).not.toContain(report.id);
    expectProblem(await get(c.patientA.headers, `/results/${report.id}/history`), 404);

    expectProblem(
      await post(c.patientA.headers, `/results/${report.id}/release`, { revision: 1 }),
      403,
    );
    expectProblem(
      await post(c.staffElsewhere.headers, `/results/${report.id}/release`, { revision: 1 }),
      404,
    );
    expectProblem(
      await post(c.staff.headers, `/results/${report.id}/release`, { revision: 2 }),
      409,
      'revision-conflict',
    );
    const { response, events } = await injectAudited(t, {
      method: 'POST',
      url: `/api/v1/results/${report.id}/release`,
      headers: c.staff.headers,
      payload: { revision: 1 },
    });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({
      releasedBy: c.staff.account.id,
      releasedAt: '2027-03-01T07:00:00+01:00',
    });
    expect(events.map((e) => [e.action, e.resourceId, e.patientId, e.outcome])).toEqual([
      ['diagnostic-report.release', report.id, c.patientA.patient.id, 'success'],
    ]);
    expect((await get(c.patientA.headers, `/results/${report.id}`)).statusCode).toBe(200);
    expect(await listed()).toContain(report.id);
    expectProblem(
      await post(c.staff.headers, `/results/${report.id}/release`, { revision: 1 }),
      409,
      'already-released',
    );
  });

  it('releases only a final report, and lets the ordering doctor release theirs', async () => {
    const draft = await labReport({ ...finalReport(), status: 'preliminary' });
    expectProblem(
      await post(c.staff.headers, `/results/${draft.id}/release`, { revision: 1 }),
      409,
      'not-final',
    );
    const visit = await visitReport();
    const released = await post(c.doctorAccount.headers, `/results/${visit.id}/release`, {
      revision: 1,
    });
    expect(body(released)).toMatchObject({ releasedBy: c.doctorAccount.account.id });
  });
});

describe('revisions', () => {
  it('amends a released report as a new released revision the patient sees marked amended', async () => {
    const report = await labReport();
    await post(c.staff.headers, `/results/${report.id}/release`, { revision: 1 });
    const revise = (payload: object) =>
      post(c.staff.headers, `/results/${report.id}/revisions`, payload);
    const amendment = {
      ...finalReport('5.6'),
      revision: 1,
      status: 'amended',
      reason: 'Recalibrated analyser',
    };
    expectProblem(await revise({ ...amendment, status: 'final' }), 409, 'invalid-transition');
    const { status: _, ...noStatus } = amendment;
    expectProblem(await revise({ ...noStatus, status: 'amended', reason: '' }), 400);
    const response = await revise(amendment);
    expect(response.statusCode, response.body).toBe(201);
    expect(body(response)).toMatchObject({
      id: report.id,
      revision: 2,
      status: 'amended',
      amended: true,
      revisionReason: 'Recalibrated analyser',
    });
    expectProblem(await revise(amendment), 409, 'revision-conflict');

    const seen = body<DiagnosticReportView>(await get(c.patientA.headers, `/results/${report.id}`));
    expect(seen).toMatchObject({ revision: 2, amended: true, releasedAt: expect.any(String) });
    expect(seen.observations[0]).toMatchObject({ valueQuantity: '5.6', interpretation: 'H' });
    const history = body<{ items: DiagnosticReportView[] }>(
      await get(c.patientA.headers, `/results/${report.id}/history`),
    );
    expect(
      history.items.map((r) => [r.revision, r.status, r.observations[0]!.valueQuantity]),
    ).toEqual([
      [1, 'final', '4.2'],
      [2, 'amended', '5.6'],
    ]);
  });

  it('shows the patient only the released revisions of a report revised under review', async () => {
    const report = await labReport({ ...finalReport(), status: 'preliminary' });
    const r2 = await post(c.staff.headers, `/results/${report.id}/revisions`, {
      ...finalReport('4.4'),
      revision: 1,
      status: 'final',
      reason: 'Reviewed',
    });
    expect(r2.statusCode).toBe(201);
    await post(c.staff.headers, `/results/${report.id}/release`, { revision: 2 });
    const forPatient = body<{ items: DiagnosticReportView[] }>(
      await get(c.patientA.headers, `/results/${report.id}/history`),
    );
    expect(forPatient.items.map((r) => r.revision)).toEqual([2]);
    const forStaff = body<{ items: DiagnosticReportView[] }>(
      await get(c.staff.headers, `/results/${report.id}/history`),
    );
    expect(forStaff.items.map((r) => [r.revision, r.status])).toEqual([
      [1, 'preliminary'],
      [2, 'final'],
    ]);
  });

  it('answers a reader who is not a writer 403 and ends a report entered in error', async () => {
    const report = await labReport();
    const visit = await makeVisit(t.database.db, c, c.patientA, past());
    expect(visit.doctorId).toBe(c.doctor.id);
    // The clinic's doctor treats patient A (the visit) but did not order this lab test.
    const payload = {
      revision: 1,
      status: 'entered-in-error',
      reason: 'Wrong patient',
      title: 'Void',
    };
    expectProblem(
      await post(c.doctorAccount.headers, `/results/${report.id}/revisions`, payload),
      403,
      'not-report-writer',
    );
    expect(
      (await post(c.staff.headers, `/results/${report.id}/revisions`, payload)).statusCode,
    ).toBe(201);
    expectProblem(
      await post(c.staff.headers, `/results/${report.id}/revisions`, { ...payload, revision: 2 }),
      409,
      'invalid-transition',
    );
  });
});

describe('critical values', () => {
  const critical = async (headers: object) =>
    body<{ items: DiagnosticReportView[] }>(await get(headers, '/me/critical-results')).items.map(
      (r) => r.id,
    );

  it('lists a report with an LL/HH value for its ordering doctor until acknowledged', async () => {
    const report = await visitReport(finalReport('6.5'));
    expect(report.critical).toBe(true);
    expect(report.observations[0]!.interpretation).toBe('HH');
    expect(await critical(c.doctorAccount.headers)).toContain(report.id);
    expect(await critical(otherDoctor.headers)).not.toContain(report.id);
    expect(await critical(c.staff.headers)).not.toContain(report.id);
    const ack = (headers: object, revision = 1) =>
      post(headers, `/results/${report.id}/acknowledge-critical`, { revision });
    expectProblem(await ack(c.staff.headers), 403, 'not-report-writer');
    expectProblem(await ack(otherDoctor.headers), 404);
    const done = await ack(c.doctorAccount.headers);
    expect(body(done)).toMatchObject({ criticalAcknowledgedBy: c.doctorAccount.account.id });
    expect(await critical(c.doctorAccount.headers)).not.toContain(report.id);
    expectProblem(await ack(c.doctorAccount.headers), 409, 'already-acknowledged');
  });

  it('lists a booked diagnostic’s critical values for the lab’s staff', async () => {
    const report = await labReport(finalReport('2.5'));
    expect(report.observations[0]!.interpretation).toBe('LL');
    expect(await critical(c.staff.headers)).toContain(report.id);
    expect(await critical(c.staffElsewhere.headers)).not.toContain(report.id);
    const normal = await labReport(finalReport('2.6'));
    expectProblem(
      await post(c.staff.headers, `/results/${normal.id}/acknowledge-critical`, { revision: 1 }),
      409,
      'no-critical-values',
    );
    await post(c.staff.headers, `/results/${report.id}/acknowledge-critical`, { revision: 1 });
    expect(await critical(c.staff.headers)).not.toContain(report.id);
  });
});

describe('the critical list’s patients, by name', () => {
  /** The lab staff's list, with the statements it took and the audit events it left. */
  const staffList = async () => {
    const { result: response, statements } = await counter.during(() =>
      get(c.staff.headers, '/me/critical-results?limit=100'),
    );
    expect(response.statusCode, response.body).toBe(200);
    return {
      page: body<CriticalDiagnosticReportPageView>(response),
      statements: statements.length,
      events: await auditEventsOf(t, response),
    };
  };

  it('names each report’s patient, in statements and audit events that do not grow with them', async () => {
    const first = await labReport(finalReport('2.5'));
    const before = await staffList();
    const others = [
      await makePatientAccount(t.database.db, t.tokens, c.location.id),
      await makePatientAccount(t.database.db, t.tokens, c.location.id),
      c.patientB,
    ];
    const reports = [first];
    for (const patient of others) reports.push(await labReport(finalReport('6.5'), patient));
    const after = await staffList();
    const whose = [c.patientA, ...others].map((p) => ({
      id: p.patient.id,
      fullName: p.patient.fullName,
    }));
    for (const [i, report] of reports.entries()) {
      expect(after.page.items.find((r) => r.id === report.id)?.patient).toEqual(whose[i]);
    }
    expect(after.page.items.length).toBeGreaterThan(before.page.items.length);
    expect(after.statements).toBe(before.statements);
    for (const { events } of [before, after]) {
      expect(events).toMatchObject([
        {
          action: 'diagnostic-report.search',
          resourceId: null,
          patientId: null,
          outcome: 'success',
        },
      ]);
    }
  });
});

describe('the stored revisions', () => {
  it('cannot be changed or deleted, not even by raw SQL', async () => {
    const report = await labReport();
    for (const statement of [
      sql`update ${diagnosticReports} set title = 'forged' where id = ${report.id}`,
      sql`delete from ${diagnosticReports} where id = ${report.id}`,
      sql`update observations set value_quantity = 1 where report_id = ${report.id}`,
      sql`delete from observations where report_id = ${report.id}`,
    ]) {
      const code = await t.database.db.execute(statement).then(
        () => null,
        (err: unknown) => pgError(err)?.code,
      );
      expect(code).toBe('42501');
    }
    // Nor can a unit be stored on a text value (a constraint, not only the service's check).
    const unitOnText = await t.database.db
      .execute(
        sql`insert into observations (id, report_id, position, name, value_text, unit)
          values (gen_random_uuid(), ${report.id}, 9, 'x', 'clear', 'mg')`,
      )
      .then(
        () => null,
        (err: unknown) => pgError(err)?.code,
      );
    expect(unitOnText).toBe('23514');
    const shown = body<DiagnosticReportView>(await get(c.staff.headers, `/results/${report.id}`));
    expect(shown).toMatchObject({
      title: 'Electrolytes',
      observations: [{ valueQuantity: '4.2' }],
    });
  });
});
