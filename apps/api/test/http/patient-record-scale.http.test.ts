import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookings,
  diagnosticReports,
  documentContents,
  documents,
  observations,
  prescriptions,
  visitNotes,
} from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';
import { body, createTestApp, type TestApp } from '../support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinic,
  makePatientAccount,
  type PatientAccount,
} from '../support/booking-fixtures.js';
import { PDF } from '../support/document-fixtures.js';
import { StatementCounter } from '../support/statement-counter.js';

// The measure of GET /patients/{id}/record: the same statements at 1 visit and at 200,
// with every clinical section filled as the services write it — each completed visit with its
// note, a prescription, and a released report with observations and a PDF.

/**
 * Measured: the identity, the snapshot's isolation, the profile, the bookings, the visit notes,
 * the prescriptions, the reports with their observations and documents (three), and the audit
 * event: 10 as the patient; staff add the scope check: 11.
 */
const STATEMENTS = { patient: 10, staff: 11 } as const;
const HOUR = 3_600_000;
const counter = new StatementCounter();
let t: TestApp;
let clinic: Clinic;

beforeAll(async () => {
  t = await createTestApp({ database: counter.options, clock: () => BOOKING_NOW });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

/** Hours before BOOKING_NOW already taken by a visit with the clinic's doctor. */
let hoursUsed = 0;

interface History {
  patient: PatientAccount;
  visitIds: string[];
  noteIds: string[];
  prescriptionIds: string[];
  reportIds: string[];
  documentIds: string[];
}

/**
 * A new patient with `count` completed visits with the clinic's doctor, an hour apart (before any earlier one's), each
 * with a first-revision note, an active prescription, and a released final report of two
 * observations (one judged H) with a PDF: rows as the services write them, in bulk for speed.
 */
async function patientWithVisits(count: number): Promise<History> {
  const { db } = t.database;
  const patient = await makePatientAccount(db, t.tokens, clinic.location.id);
  const author = clinic.doctorAccount.account.id;
  const base = { patientId: patient.patient.id, locationId: clinic.location.id };
  const first = hoursUsed;
  hoursUsed += count;
  const visits = await db
    .insert(bookings)
    .values(
      Array.from({ length: count }, (_, i) => {
        const startAt = new Date(BOOKING_NOW.getTime() - (first + i + 1) * HOUR);
        return {
          ...base,
          doctorId: clinic.doctor.id,
          startAt,
          endAt: new Date(startAt.getTime() + 30 * 60_000),
          status: 'completed',
          price: '100.00',
          currency: 'EUR',
        };
      }),
    )
    .returning({ id: bookings.id });
  const ids = () => visits.map(() => newId());
  const [noteIds, prescriptionIds, reportIds, storageKeys] = [ids(), ids(), ids(), ids()];
  const firstRevision = (id: string) => ({ id, lineageId: id, revision: 1 });
  await db.insert(visitNotes).values(
    visits.map((visit, i) => ({
      ...firstRevision(noteIds[i]!),
      ...base,
      bookingId: visit.id,
      doctorId: clinic.doctor.id,
      note: `Visit ${i}: follow-up of hypertension.`,
      diagnoses: [{ text: 'Essential hypertension', code: 'I10' }],
      authorAccountId: author,
    })),
  );
  await db.insert(prescriptions).values(
    visits.map((visit, i) => ({
      ...firstRevision(prescriptionIds[i]!),
      ...base,
      bookingId: visit.id,
      doctorId: clinic.doctor.id,
      status: 'active',
      change: 'created',
      medicationName: 'Ramipril',
      medicationStrength: '5 mg',
      medicationForm: 'tablet',
      dose: '1 tablet',
      route: 'oral',
      frequency: 'once a day',
      durationDays: 30,
      quantity: '30',
      quantityUnit: 'tablet',
      repeats: 2,
      validFrom: '2027-02-01',
      validUntil: '2027-05-01',
      instructions: 'In the morning',
      authorAccountId: author,
    })),
  );
  const releasedAt = new Date(BOOKING_NOW.getTime() - 10 * 60_000);
  await db.insert(diagnosticReports).values(
    visits.map((visit, i) => ({
      ...firstRevision(reportIds[i]!),
      ...base,
      bookingId: visit.id,
      orderingDoctorId: clinic.doctor.id,
      status: 'final',
      title: 'Electrolytes',
      summary: 'Potassium slightly raised.',
      authorAccountId: author,
      releasedAt,
      releasedBy: author,
    })),
  );
  await db.insert(observations).values(
    reportIds.flatMap((reportId) => [
      {
        reportId,
        position: 0,
        name: 'Potassium',
        loincCode: '2823-3',
        valueQuantity: '5.4',
        unit: 'mmol/L',
        rangeLow: '3.5',
        rangeHigh: '5.1',
        criticalLow: '2.5',
        criticalHigh: '6.5',
        interpretation: 'H',
      },
      {
        reportId,
        position: 1,
        name: 'Sodium',
        loincCode: '2951-2',
        valueQuantity: '140',
        unit: 'mmol/L',
        rangeLow: '135',
        rangeHigh: '145',
        interpretation: 'N',
      },
    ]),
  );
  await db
    .insert(documentContents)
    .values(storageKeys.map((storageKey) => ({ storageKey, content: PDF })));
  const sha256 = createHash('sha256').update(PDF).digest('hex');
  const docs = await db
    .insert(documents)
    .values(
      reportIds.map((reportId, i) => ({
        kind: 'report',
        reportId,
        patientId: patient.patient.id,
        fileName: `electrolytes-${i}.pdf`,
        contentType: 'application/pdf',
        byteSize: PDF.length,
        sha256,
        storage: 'database',
        storageKey: storageKeys[i]!,
        uploadedBy: clinic.staff.account.id,
      })),
    )
    .returning({ id: documents.id });
  return {
    patient,
    visitIds: visits.map((v) => v.id),
    noteIds,
    prescriptionIds,
    reportIds,
    documentIds: docs.map((d) => d.id),
  };
}

interface RecordBody {
  bookings: { id: string }[];
  visitNotes: { id: string }[];
  prescriptions: { id: string }[];
  reports: {
    id: string;
    observations: { interpretation: string | null }[];
    documents: { id: string }[];
  }[];
  truncated: string[];
}

const sorted = (ids: string[]) => [...ids].sort();

describe('the patient record with every clinical section', () => {
  it('costs the same statements at 1 visit and at 200, and holds all 200 of each', async () => {
    const one = await patientWithVisits(1);
    const many = await patientWithVisits(200);
    for (const caller of ['patient', 'staff'] as const) {
      const headers = (h: History) =>
        caller === 'patient' ? h.patient.headers : clinic.staff.headers;
      const read = (h: History) =>
        counter.during(() =>
          t.app.inject({
            url: `/api/v1/patients/${h.patient.patient.id}/record`,
            headers: headers(h),
          }),
        );
      const small = await read(one);
      const large = await read(many);
      expect(small.result.statusCode, small.result.body).toBe(200);
      expect(large.result.statusCode, large.result.body).toBe(200);
      expect(small.statements, caller).toHaveLength(STATEMENTS[caller]);
      expect(large.statements, caller).toHaveLength(STATEMENTS[caller]);

      for (const [history, response] of [
        [one, small.result],
        [many, large.result],
      ] as const) {
        const record = body<RecordBody>(response);
        expect(record.truncated).toEqual([]);
        expect(sorted(record.bookings.map((b) => b.id))).toEqual(sorted(history.visitIds));
        expect(sorted(record.visitNotes.map((n) => n.id))).toEqual(sorted(history.noteIds));
        expect(sorted(record.prescriptions.map((p) => p.id))).toEqual(
          sorted(history.prescriptionIds),
        );
        expect(sorted(record.reports.map((r) => r.id))).toEqual(sorted(history.reportIds));
        expect(sorted(record.reports.flatMap((r) => r.documents.map((d) => d.id)))).toEqual(
          sorted(history.documentIds),
        );
        for (const report of record.reports) {
          expect(report.observations.map((o) => o.interpretation)).toEqual(['H', 'N']);
        }
      }
    }
  });
});
