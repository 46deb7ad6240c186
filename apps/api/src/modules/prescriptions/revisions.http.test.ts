import { randomUUID } from 'node:crypto';
import type { PrescriptionStatus, PrescriptionView } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
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
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import {
  changeStatus,
  getJson,
  makeVisit,
  prescriptionBody,
  prescriptionOf,
  revisePrescription,
  revisionRows,
  writePrescription,
} from '../../../test/support/prescription-fixtures.js';
import { NEXT_STATUSES } from './transitions.js';

// Corrections and status changes: each a new revision, compare-and-swap on `revision`, only by
// the prescribing doctor; every earlier revision stays readable; transitions as the table says.

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
let colleague: TestAccount;

beforeAll(async () => {
  t = await createTestApp({ clock: clock.now });
  clinic = await makeClinic(t.database.db, t.tokens);
  const doctor = await makeColleague(t.database.db, clinic);
  colleague = await makeAccount(t.database.db, t.tokens, 'doctor', { doctorId: doctor.id });
  await makeVisit(t, clinic, clinic.patientA, { doctorId: doctor.id });
});
afterAll(() => t.close());

const doctor = () => clinic.doctorAccount.headers;

/** A fresh active prescription of patient A, in a visit of its own. */
async function prescribed(): Promise<PrescriptionView> {
  const visit = await makeVisit(t, clinic, clinic.patientA);
  const response = await writePrescription(t, visit.id, doctor());
  expect(response.statusCode, response.body).toBe(201);
  return prescriptionOf(response);
}

const correction = (revision: number, overrides = {}) => ({
  revision,
  reason: 'dose corrected after allergy check',
  ...prescriptionBody({ dose: '2 capsules', ...overrides }),
  validFrom: '2027-03-01',
  validUntil: '2027-04-01',
});

/** Walks a prescription along `path` of statuses from active; returns its last answer. */
async function walk(path: PrescriptionStatus[]) {
  const created = await prescribed();
  let revision = created.revision;
  let last = created;
  for (const status of path) {
    const response = await changeStatus(t, created.id, doctor(), revision, status);
    expect(response.statusCode, `→ ${status}: ${response.body}`).toBe(200);
    last = prescriptionOf(response);
    revision = last.revision;
  }
  return last;
}

describe('correcting a prescription', () => {
  it('writes revision 2 beside revision 1, which stays readable in the history', async () => {
    const created = await prescribed();
    const response = await revisePrescription(t, created.id, doctor(), {
      ...correction(1),
      validFrom: created.validFrom,
      validUntil: created.validUntil,
    });
    expect(response.statusCode, response.body).toBe(201);
    const revised = prescriptionOf(response);
    expect(revised).toMatchObject({
      id: created.id,
      revision: 2,
      dose: '2 capsules',
      status: 'active',
      change: 'revised',
      reason: 'dose corrected after allergy check',
      supersededAt: null,
    });
    expect(await auditEventsOf(t, response)).toMatchObject([
      { action: 'prescription.revise', resourceId: created.id, outcome: 'success' },
    ]);
    const current = await getJson(t, `/prescriptions/${created.id}`, clinic.patientA.headers);
    expect(body(current)).toEqual(revised);
    const history = await getJson(
      t,
      `/prescriptions/${created.id}/history`,
      clinic.patientA.headers,
    );
    expect(history.statusCode).toBe(200);
    const { items } = body<{ items: PrescriptionView[] }>(history);
    expect(items.map((i) => [i.revision, i.dose, i.supersededAt])).toEqual([
      [1, '1 capsule', '2027-03-01T07:00:00+01:00'],
      [2, '2 capsules', null],
    ]);
    expect(items[0]).toEqual({ ...created, supersededAt: '2027-03-01T07:00:00+01:00' });
    const rows = await revisionRows(t, created.id);
    expect(rows.map((r) => [r.revision, r.replacesId === rows[0]!.id])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses a stale revision with 409 revision-conflict and changes nothing', async () => {
    const created = await prescribed();
    expect((await revisePrescription(t, created.id, doctor(), correction(1))).statusCode).toBe(201);
    const stale = await revisePrescription(t, created.id, doctor(), correction(1));
    expectProblem(stale, 409, 'revision-conflict');
    expect(await auditEventsOf(t, stale)).toMatchObject([{ outcome: 'failure' }]);
    expect(await revisionRows(t, created.id)).toHaveLength(2);
  });

  it('answers another doctor as for a missing prescription, audited as denied', async () => {
    const created = await prescribed();
    const theirs = await revisePrescription(t, created.id, colleague.headers, correction(1));
    const missing = await revisePrescription(t, randomUUID(), colleague.headers, correction(1));
    expectProblem(theirs, 404, 'not-found');
    expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
    expect(await auditEventsOf(t, theirs)).toMatchObject([
      { action: 'prescription.revise', patientId: clinic.patientA.patient.id, outcome: 'denied' },
    ]);
    const status = await changeStatus(t, created.id, colleague.headers, 1, 'cancelled');
    expectProblem(status, 404, 'not-found');
    expect(await revisionRows(t, created.id)).toHaveLength(1);
  });

  it('requires a reason, and keeps the validity within its bounds', async () => {
    const created = await prescribed();
    const { reason: _, ...withoutReason } = correction(1);
    expectProblem(await revisePrescription(t, created.id, doctor(), withoutReason), 400);
    const dayBefore = Temporal.PlainDate.from(created.validFrom).subtract({ days: 1 });
    const early = { ...correction(1), validFrom: dayBefore.toString() };
    expectProblem(
      await revisePrescription(t, created.id, doctor(), early),
      422,
      'invalid-validity',
    );
    expect(await revisionRows(t, created.id)).toHaveLength(1);
  });

  it('cannot correct a closed prescription (409 prescription-closed)', async () => {
    const done = await walk(['completed']);
    const response = await revisePrescription(t, done.id, doctor(), correction(done.revision));
    expectProblem(response, 409, 'prescription-closed');
  });
});

describe('status changes', () => {
  it('follows the table: pause, resume, complete, then mark entered-in-error', async () => {
    const last = await walk(['on-hold', 'active', 'completed', 'entered-in-error']);
    expect(last).toMatchObject({
      revision: 5,
      status: 'entered-in-error',
      change: 'status-changed',
    });
    const history = await getJson(t, `/prescriptions/${last.id}/history`, doctor());
    expect(body<{ items: PrescriptionView[] }>(history).items.map((i) => i.status)).toEqual([
      'active',
      'on-hold',
      'active',
      'completed',
      'entered-in-error',
    ]);
  });

  it('allows every change of the table and refuses every other with 409 invalid-transition', async () => {
    const reach: Record<PrescriptionStatus, PrescriptionStatus[]> = {
      active: [],
      'on-hold': ['on-hold'],
      completed: ['completed'],
      cancelled: ['cancelled'],
      stopped: ['stopped'],
      'entered-in-error': ['entered-in-error'],
    };
    for (const [from, path] of Object.entries(reach) as [
      PrescriptionStatus,
      PrescriptionStatus[],
    ][]) {
      const start = await walk(path);
      for (const to of Object.keys(reach) as PrescriptionStatus[]) {
        if (NEXT_STATUSES[from].includes(to)) continue;
        const response = await changeStatus(t, start.id, doctor(), start.revision, to);
        const problem = expectProblem(response, 409, 'invalid-transition');
        expect(body(response).detail, `${from} → ${to}`).toContain(`${from} → ${to}`);
        expect(problem.status).toBe(409);
      }
      for (const to of NEXT_STATUSES[from]) {
        const copy = await walk(path);
        const response = await changeStatus(t, copy.id, doctor(), copy.revision, to);
        expect(response.statusCode, `${from} → ${to}`).toBe(200);
      }
    }
  });

  it('is compare-and-swap on revision, and needs a reason', async () => {
    const created = await prescribed();
    expectProblem(
      await changeStatus(t, created.id, doctor(), 2, 'on-hold'),
      409,
      'revision-conflict',
    );
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/prescriptions/${created.id}/status`,
      headers: doctor(),
      payload: { revision: 1, status: 'on-hold' },
    });
    expectProblem(noReason, 400);
    expect(await revisionRows(t, created.id)).toHaveLength(1);
  });

  it('refuses patients and staff by policy', async () => {
    const created = await prescribed();
    for (const headers of [clinic.patientA.headers, clinic.staff.headers]) {
      const response = await changeStatus(t, created.id, headers, 1, 'cancelled');
      expectProblem(response, 403, 'forbidden');
      expect(await auditEventsOf(t, response)).toMatchObject([
        { action: 'prescription.change-status', resourceId: created.id, outcome: 'denied' },
      ]);
    }
  });
});

describe('reading prescriptions', () => {
  it('shows one to the patient, treating doctors and the location’s staff; others get 404', async () => {
    const created = await prescribed();
    for (const headers of [clinic.patientA.headers, colleague.headers, clinic.staff.headers]) {
      const response = await getJson(t, `/prescriptions/${created.id}`, headers);
      expect(response.statusCode).toBe(200);
      expect(await auditEventsOf(t, response)).toMatchObject([
        { action: 'prescription.read', resourceId: created.id, outcome: 'success' },
      ]);
    }
    const stranger = await makeAccount(t.database.db, t.tokens, 'doctor');
    for (const headers of [
      clinic.patientB.headers,
      clinic.staffElsewhere.headers,
      stranger.headers,
    ]) {
      for (const path of ['', '/history']) {
        const theirs = await getJson(t, `/prescriptions/${created.id}${path}`, headers);
        const missing = await getJson(t, `/prescriptions/${randomUUID()}${path}`, headers);
        expectProblem(theirs, 404, 'not-found');
        expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
        expect(await auditEventsOf(t, theirs)).toMatchObject([
          { resourceId: created.id, patientId: clinic.patientA.patient.id, outcome: 'denied' },
        ]);
      }
    }
  });

  it('lists a visit’s prescriptions, current revisions only', async () => {
    const visit = await makeVisit(t, clinic, clinic.patientA);
    const first = prescriptionOf(await writePrescription(t, visit.id, doctor()));
    await writePrescription(t, visit.id, doctor(), prescriptionBody({ dose: '2 capsules' }));
    await changeStatus(t, first.id, doctor(), 1, 'on-hold');
    const response = await getJson(
      t,
      `/bookings/${visit.id}/prescriptions`,
      clinic.patientA.headers,
    );
    expect(response.statusCode).toBe(200);
    const { items } = body<{ items: PrescriptionView[] }>(response);
    expect(items.map((i) => [i.id === first.id, i.revision, i.status])).toEqual([
      [true, 2, 'on-hold'],
      [false, 1, 'active'],
    ]);
    expect(await auditEventsOf(t, response)).toMatchObject([
      { action: 'prescription.search', patientId: clinic.patientA.patient.id, outcome: 'success' },
    ]);
    const other = await getJson(t, `/bookings/${visit.id}/prescriptions`, clinic.patientB.headers);
    expectProblem(other, 404, 'not-found');
  });

  it('gives the patient’s medication list: current=true, status filters, pages', async () => {
    const patient = clinic.patientB;
    const visit = await makeVisit(t, clinic, patient);
    const write = async (dose: string) =>
      prescriptionOf(await writePrescription(t, visit.id, doctor(), prescriptionBody({ dose })));
    const [a, b, c] = [await write('a'), await write('b'), await write('c')];
    await changeStatus(t, a.id, doctor(), 1, 'completed');
    await changeStatus(t, b.id, doctor(), 1, 'on-hold');
    const list = async (query: string) => {
      const response = await getJson(
        t,
        `/patients/${patient.patient.id}/prescriptions?${query}`,
        patient.headers,
      );
      expect(response.statusCode, response.body).toBe(200);
      return body<{ items: PrescriptionView[]; nextCursor: string | null }>(response);
    };
    const ids = (page: { items: PrescriptionView[] }) => page.items.map((i) => i.id);
    expect(ids(await list(''))).toEqual([c.id, b.id, a.id]);
    expect(ids(await list('current=true'))).toEqual([c.id, b.id]);
    expect(ids(await list('status=completed'))).toEqual([a.id]);
    expect(ids(await list('current=true&status=on-hold&status=completed'))).toEqual([b.id]);
    const first = await list('limit=2');
    expect(ids(first)).toEqual([c.id, b.id]);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect([ids(second), second.nextCursor]).toEqual([[a.id], null]);
    const other = await getJson(
      t,
      `/patients/${patient.patient.id}/prescriptions`,
      clinic.patientA.headers,
    );
    expectProblem(other, 404, 'not-found');
  });
});
