import { randomUUID } from 'node:crypto';
import type { VisitNoteHistoryView, VisitNoteView } from '@medsync/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  createTestApp,
  expectProblem,
  type TestApp,
  withoutRequestId,
} from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  injectAudited,
  makeClinic,
  makeClinicBooking,
  makeColleague,
} from '../../../test/support/booking-fixtures.js';
import { warmPool } from '../../../test/support/database.js';
import { makeBooking } from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { type BookingRow, visitNotes } from '../../db/schema/index.js';
import { AuditLog } from '../audit/index.js';
import { PatientScope } from '../patients/index.js';
import { VisitNoteService } from './service.js';

// Visit notes over HTTP: only the booking's own doctor writes the note of a checked-in or
// completed doctor booking, once; corrections are revisions, every earlier one readable; the
// patient and the workforce PatientScope admits read it; every request leaves one audit event
// holding ids only.

let t: TestApp;
let clinic: Clinic;
/** A doctor of the same clinic who also treats patient A: reads A's notes, writes none. */
let colleague: TestAccount;
/** A doctor with no bookings of A's. */
let stranger: TestAccount;
const queries: string[] = [];
let hour = 0;

const NOTE = 'Tension-type headache, no red flags. Advised sleep hygiene; review in 4 weeks.';
const DIAGNOSES = [{ text: 'Tension-type headache', code: 'G44.2' }, { text: 'Sleep deprivation' }];

beforeAll(async () => {
  t = await createTestApp({
    clock: () => BOOKING_NOW,
    database: { onQuery: (sql) => queries.push(sql) },
  });
  const db = t.database.db;
  clinic = await makeClinic(db, t.tokens);
  const other = await makeColleague(db, clinic);
  colleague = await makeAccount(db, t.tokens, 'doctor', { doctorId: other.id });
  await visitOf(clinic.patientA, 'completed', { doctorId: other.id });
  stranger = await makeAccount(db, t.tokens, 'doctor');
});
afterAll(() => t.close());

/** A booking of `who` with the clinic's doctor, in the past, each on an hour of its own. */
function visitOf(
  who = clinic.patientA,
  status = 'checked_in',
  values: Partial<BookingRow> = {},
): Promise<BookingRow> {
  hour += 1;
  return makeClinicBooking(t.database.db, clinic, who, new Date(Date.UTC(2027, 0, 1, hour)), {
    status,
    ...values,
  });
}

type Caller = { headers: { authorization: string } };
const create = (who: Caller, bookingId: string, payload: object = { note: NOTE }) =>
  injectAudited(t, {
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/visit-note`,
    headers: who.headers,
    payload,
  });
const revise = (who: Caller, id: string, payload: object) =>
  injectAudited(t, {
    method: 'POST',
    url: `/api/v1/visit-notes/${id}/revisions`,
    headers: who.headers,
    payload,
  });
const read = (who: Caller, url: string) =>
  injectAudited(t, { url: `/api/v1${url}`, headers: who.headers });

/** A note written by the clinic's doctor on a fresh checked-in visit of patient A. */
async function written(payload: object = { note: NOTE, diagnoses: DIAGNOSES }) {
  const booking = await visitOf();
  const { response } = await create(clinic.doctorAccount, booking.id, payload);
  expect(response.statusCode, response.body).toBe(201);
  return { booking, note: body<VisitNoteView>(response) };
}

describe('writing a visit note', () => {
  it('lets the booking’s doctor write it: 201, Location, audited with ids only', async () => {
    const booking = await visitOf();
    const { response, events } = await create(clinic.doctorAccount, booking.id, {
      note: `  ${NOTE}\n`,
      diagnoses: DIAGNOSES,
    });
    expect(response.statusCode).toBe(201);
    const note = body<VisitNoteView>(response);
    expect(note).toEqual({
      id: expect.any(String),
      revision: 1,
      bookingId: booking.id,
      patientId: clinic.patientA.patient.id,
      doctorId: clinic.doctor.id,
      locationId: clinic.location.id,
      note: NOTE,
      diagnoses: [
        { text: 'Tension-type headache', code: 'G44.2' },
        { text: 'Sleep deprivation', code: null },
      ],
      revisionReason: null,
      authorAccountId: clinic.doctorAccount.account.id,
      recordedAt: expect.stringMatching(/\+0[12]:00$/),
      supersededAt: null,
    });
    expect(response.headers.location).toBe(`/api/v1/visit-notes/${note.id}`);
    expect(events).toMatchObject([
      {
        action: 'visit-note.create',
        resourceType: 'visit-note',
        resourceId: note.id,
        patientId: clinic.patientA.patient.id,
        outcome: 'success',
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('headache');
  });

  it('writes one note per booking: a second is 409 visit-note-exists, audited', async () => {
    const { booking } = await written();
    const { response, events } = await create(clinic.doctorAccount, booking.id);
    expectProblem(response, 409, 'visit-note-exists');
    expect(events).toMatchObject([{ action: 'visit-note.create', outcome: 'failure' }]);
    const rows = await t.database.db
      .select()
      .from(visitNotes)
      .where(eq(visitNotes.bookingId, booking.id));
    expect(rows).toHaveLength(1);
  });

  it('writes one note of concurrent first notes of a booking; the others get 409 visit-note-exists', async () => {
    const booking = await visitOf();
    if (t.database.url) await warmPool(t.database);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => create(clinic.doctorAccount, booking.id)),
    );
    const outcomes = answers.map(({ response }) =>
      response.statusCode === 201 ? '201' : `${response.statusCode} ${body(response).code}`,
    );
    expect(outcomes.sort()).toEqual([
      '201',
      '409 visit-note-exists',
      '409 visit-note-exists',
      '409 visit-note-exists',
    ]);
    for (const { events } of answers) expect(events).toHaveLength(1);
  });

  it('writes it for a completed visit too, but not before the check-in or for a visit that did not happen', async () => {
    const completed = await visitOf(clinic.patientA, 'completed');
    expect((await create(clinic.doctorAccount, completed.id)).response.statusCode).toBe(201);
    for (const status of ['booked', 'cancelled', 'no_show']) {
      const booking = await visitOf(clinic.patientA, status);
      const { response, events } = await create(clinic.doctorAccount, booking.id);
      expectProblem(response, 409, 'not-visited');
      expect(events).toMatchObject([
        { action: 'visit-note.create', outcome: 'failure', patientId: clinic.patientA.patient.id },
      ]);
    }
  });

  it('answers another doctor, even one treating the patient, 404 like a missing booking, audited denied', async () => {
    const booking = await visitOf();
    for (const doctor of [colleague, stranger]) {
      const theirs = await create(doctor, booking.id);
      const missing = await create(doctor, randomUUID());
      expectProblem(theirs.response, 404);
      expect(withoutRequestId(theirs.response)).toEqual(withoutRequestId(missing.response));
      expect(theirs.events).toMatchObject([
        { action: 'visit-note.create', outcome: 'denied', patientId: clinic.patientA.patient.id },
      ]);
    }
    expect((await create(clinic.doctorAccount, booking.id)).response.statusCode).toBe(201);
  });

  it('has no note for a diagnostic booking: 404 for every doctor', async () => {
    const scan = await makeBooking(t.database.db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      diagnosticLocationId: clinic.scanner.id,
      capacityUnit: 1,
      status: 'checked_in',
      startAt: new Date('2027-01-20T09:00:00Z'),
      endAt: new Date('2027-01-20T09:30:00Z'),
    });
    const { response, events } = await create(clinic.doctorAccount, scan.id);
    expectProblem(response, 404);
    expect(events).toMatchObject([{ outcome: 'denied' }]);
  });

  it('refuses staff and patients by role: 403, audited denied', async () => {
    const booking = await visitOf();
    for (const who of [clinic.staff, clinic.patientA]) {
      const { response, events } = await create(who, booking.id);
      expectProblem(response, 403);
      expect(events).toMatchObject([{ action: 'visit-note.create', outcome: 'denied' }]);
    }
  });

  it('bounds the input: a bad ICD-10 code, too long a note, too many diagnoses, a blank note → 400', async () => {
    const booking = await visitOf();
    const cases: [object, string][] = [
      [{ note: NOTE, diagnoses: [{ text: 'Flu', code: 'j11' }] }, '/body/diagnoses/0/code'],
      [{ note: NOTE, diagnoses: [{ text: 'Flu', code: 'J1.1' }] }, '/body/diagnoses/0/code'],
      [{ note: NOTE, diagnoses: [{ text: 'Flu', code: 'J11.12345' }] }, '/body/diagnoses/0/code'],
      [{ note: 'x'.repeat(10_001) }, '/body/note'],
      [{ note: '  \n ' }, '/body/note'],
      [{ note: NOTE, diagnoses: Array(21).fill({ text: 'Flu' }) }, '/body/diagnoses'],
      [{ note: NOTE, diagnoses: [{ text: '' }] }, '/body/diagnoses/0/text'],
      [{ note: NOTE, authorAccountId: randomUUID() }, '/body/authorAccountId'],
    ];
    for (const [payload, path] of cases) {
      const { response, events } = await create(clinic.doctorAccount, booking.id, payload);
      const problem = expectProblem(response, 400);
      expect(
        problem.errors?.map((e) => e.path),
        path,
      ).toContain(path);
      expect(events).toEqual([]);
    }
    const fine = await create(clinic.doctorAccount, booking.id, {
      note: 'x'.repeat(10_000),
      diagnoses: [
        { text: 'Flu', code: 'J11' },
        { text: 'Cough', code: 'R05' },
        { text: 'Neuropathy', code: 'E11.40' },
        { text: 'Migraine', code: 'G43.A' },
        { text: 'COVID-19, virus identified', code: 'U07.1' },
      ],
    });
    expect(fine.response.statusCode, fine.response.body).toBe(201);
  });
});

describe('reading a visit note', () => {
  it('shows it to the patient, the booking’s doctor, a doctor treating the patient and the location’s staff', async () => {
    const { booking, note } = await written();
    for (const who of [clinic.patientA, clinic.doctorAccount, colleague, clinic.staff]) {
      for (const url of [`/visit-notes/${note.id}`, `/bookings/${booking.id}/visit-note`]) {
        const { response, events } = await read(who, url);
        expect(response.statusCode, url).toBe(200);
        expect(body(response)).toEqual(note);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(events).toMatchObject([
          {
            action: 'visit-note.read',
            resourceId: note.id,
            patientId: clinic.patientA.patient.id,
            outcome: 'success',
          },
        ]);
      }
    }
  });

  it('answers anyone else 404 like a missing id, audited denied against the patient', async () => {
    const { booking, note } = await written();
    for (const who of [clinic.patientB, stranger, clinic.staffElsewhere]) {
      for (const url of [
        `/visit-notes/${note.id}`,
        `/visit-notes/${note.id}/history`,
        `/bookings/${booking.id}/visit-note`,
      ]) {
        const theirs = await read(who, url);
        const missing = await read(who, url.replace(/[0-9a-f-]{36}/, randomUUID()));
        expectProblem(theirs.response, 404);
        expect(withoutRequestId(theirs.response)).toEqual(withoutRequestId(missing.response));
        expect(theirs.events, url).toMatchObject([
          { outcome: 'denied', patientId: clinic.patientA.patient.id },
        ]);
        expect(theirs.response.body).not.toContain('headache');
      }
    }
  });

  it('answers 404 for a visit without a note, audited as a failed read', async () => {
    const booking = await visitOf();
    const { response, events } = await read(clinic.patientA, `/bookings/${booking.id}/visit-note`);
    expectProblem(response, 404);
    expect(events).toMatchObject([
      { action: 'visit-note.read', outcome: 'failure', resourceId: null },
    ]);
  });
});

describe('revising a visit note', () => {
  it('writes a new revision with its reason; the current one changes, every earlier one stays readable', async () => {
    const { booking, note } = await written();
    const { response, events } = await revise(clinic.doctorAccount, note.id, {
      revision: 1,
      reason: 'Wrong code',
      note: `${NOTE} Addendum: BP 130/85.`,
      diagnoses: [{ text: 'Tension-type headache', code: 'G44.22' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const second = body<VisitNoteView>(response);
    expect(second).toMatchObject({
      id: note.id,
      revision: 2,
      revisionReason: 'Wrong code',
      diagnoses: [{ text: 'Tension-type headache', code: 'G44.22' }],
      supersededAt: null,
    });
    expect(events).toMatchObject([
      { action: 'visit-note.revise', resourceId: note.id, outcome: 'success' },
    ]);
    expect(body((await read(clinic.patientA, `/visit-notes/${note.id}`)).response)).toEqual(second);
    expect(body((await read(clinic.staff, `/bookings/${booking.id}/visit-note`)).response)).toEqual(
      second,
    );
    const history = await read(clinic.patientA, `/visit-notes/${note.id}/history`);
    expect(history.events).toMatchObject([
      { action: 'visit-note.history', resourceId: note.id, outcome: 'success' },
    ]);
    const { items } = body<VisitNoteHistoryView>(history.response);
    expect(items).toEqual([{ ...note, supersededAt: expect.any(String) }, second]);
  });

  it('refuses a stale revision (409 revision-conflict) and a missing reason (400)', async () => {
    const { note } = await written();
    const next = { reason: 'Typo', note: 'Corrected', diagnoses: [] };
    expect(
      (await revise(clinic.doctorAccount, note.id, { ...next, revision: 1 })).response.statusCode,
    ).toBe(201);
    const stale = await revise(clinic.doctorAccount, note.id, { ...next, revision: 1 });
    expectProblem(stale.response, 409, 'revision-conflict');
    expect(stale.events).toMatchObject([{ action: 'visit-note.revise', outcome: 'failure' }]);
    const { reason: _, ...noReason } = next;
    expectProblem(
      (await revise(clinic.doctorAccount, note.id, { ...noReason, revision: 2 })).response,
      400,
    );
    expectProblem(
      (await revise(clinic.doctorAccount, note.id, { ...next, reason: ' ', revision: 2 })).response,
      400,
    );
  });

  it('lets only the booking’s doctor revise: another doctor 404 audited denied, staff 403', async () => {
    const { note } = await written();
    const payload = { revision: 1, reason: 'Mine now', note: 'Forged', diagnoses: [] };
    for (const doctor of [colleague, stranger]) {
      const theirs = await revise(doctor, note.id, payload);
      const missing = await revise(doctor, randomUUID(), payload);
      expectProblem(theirs.response, 404);
      expect(withoutRequestId(theirs.response)).toEqual(withoutRequestId(missing.response));
      expect(theirs.events).toMatchObject([
        { outcome: 'denied', resourceId: note.id, patientId: clinic.patientA.patient.id },
      ]);
    }
    expectProblem((await revise(clinic.staff, note.id, payload)).response, 403);
    const current = await read(clinic.patientA, `/visit-notes/${note.id}`);
    expect(body(current.response)).toEqual(note);
  });

  it('lets exactly one of concurrent revisions win; the others get 409 revision-conflict', async () => {
    const { note } = await written();
    // On a server, every pooled connection open first, so that the racers really race.
    if (t.database.url) await warmPool(t.database);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        revise(clinic.doctorAccount, note.id, {
          revision: 1,
          reason: `Correction ${i}`,
          note: `Version ${i}`,
          diagnoses: [],
        }),
      ),
    );
    const statuses = answers.map((a) => a.response.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.response.statusCode === 409)) {
      expect(body(a.response).code).toBe('revision-conflict');
      expect(a.events).toMatchObject([{ outcome: 'failure' }]);
    }
    const { items } = body<VisitNoteHistoryView>(
      (await read(clinic.doctorAccount, `/visit-notes/${note.id}/history`)).response,
    );
    expect(items.map((i) => [i.revision, i.supersededAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe('a note’s bounded history', () => {
  it('stops at 100 revisions (409 too-many-revisions), all of them in one history answer', async () => {
    const { note } = await written();
    const db = t.database.db;
    let previous = note.id;
    const [first] = await db.select().from(visitNotes).where(eq(visitNotes.id, note.id));
    for (let revision = 2; revision <= 100; revision++) {
      const id = randomUUID();
      await db
        .update(visitNotes)
        .set({ supersededAt: new Date() })
        .where(eq(visitNotes.id, previous));
      await db.insert(visitNotes).values({
        ...first!,
        id,
        revision,
        replacesId: previous,
        revisionReason: 'Again',
        supersededAt: null,
      });
      previous = id;
    }
    const payload = { revision: 100, reason: 'Once more', note: 'More', diagnoses: [] };
    expectProblem(
      (await revise(clinic.doctorAccount, note.id, payload)).response,
      409,
      'too-many-revisions',
    );
    const history = await read(clinic.patientA, `/visit-notes/${note.id}/history`);
    expect(body<VisitNoteHistoryView>(history.response).items.map((i) => i.revision)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });
});

describe('the notes of a patient’s record', () => {
  it('lists the current revision of each of the patient’s notes in one query, without auditing', async () => {
    const patient = clinic.patientB;
    const first = await visitOf(patient);
    const second = await visitOf(patient, 'completed');
    const a = body<VisitNoteView>((await create(clinic.doctorAccount, first.id)).response);
    const b = body<VisitNoteView>((await create(clinic.doctorAccount, second.id)).response);
    const revised = body<VisitNoteView>(
      (
        await revise(clinic.doctorAccount, a.id, {
          revision: 1,
          reason: 'Clarified',
          note: 'Clarified note',
          diagnoses: [],
        })
      ).response,
    );
    const service = new VisitNoteService({
      db: t.database.db,
      audit: new AuditLog(),
      scope: new PatientScope(),
    });
    queries.length = 0;
    const notes = await service.notesForRecord(t.database.db, patient.patient.id);
    expect(queries).toHaveLength(1);
    expect(notes).toEqual([revised, b]);
  });
});
