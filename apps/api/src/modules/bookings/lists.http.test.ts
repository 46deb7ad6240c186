import { randomUUID } from 'node:crypto';
import type { BookingPageView, DayBookingPageView } from '@medsync/contracts';
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
  makeClinic,
  makeClinicBooking,
  makePatientAccount,
  type PatientAccount,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeDoctor, makeLocation, makeSpecialty } from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { StatementCounter } from '../../../test/support/statement-counter.js';
import type { BookingRow, DoctorRow } from '../../db/schema/index.js';

// The booking lists: every caller's scope, filters that narrow and never widen, keyset pages,
// a patient's, a doctor's and a location's bookings, local days across daylight-saving changes,
// and the day lists' patient names, read in the list's own query.

const counter = new StatementCounter();
let t: TestApp;
let clinic: Clinic;
/** A second location with its own doctor and staff. */
let doctor2: DoctorRow;
let doctor2Account: TestAccount;
let staff2: TestAccount;
let location2Id: string;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock().now, database: counter.options });
  const db = t.database.db;
  clinic = await makeClinic(db, t.tokens);
  const location2 = await makeLocation(db, { timeZone: 'Europe/Berlin' });
  location2Id = location2.id;
  const specialty = await makeSpecialty(db);
  doctor2 = await makeDoctor(db, { locationId: location2.id, specialtyId: specialty.id });
  doctor2Account = await makeAccount(db, t.tokens, 'doctor', { doctorId: doctor2.id });
  staff2 = await makeAccount(db, t.tokens, 'staff', { locationIds: [location2.id] });
});
afterAll(() => t.close());

type Headers = { authorization: string };

/** A 30-minute booking with the clinic's doctor unless `values` say otherwise. */
const book = (patient: PatientAccount, start: string, values: Partial<BookingRow> = {}) =>
  makeClinicBooking(t.database.db, clinic, patient, start, values);

const list = async (url: string, headers: Headers) => {
  const response = await t.app.inject({ url: `/api/v1${url}`, headers });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return body<BookingPageView>(response);
};
const ids = async (url: string, headers: Headers) =>
  (await list(url, headers)).items.map((b) => b.id);
const idsOf = (...rows: BookingRow[]) => rows.map((r) => r.id);

describe('GET /bookings: scope', () => {
  // One day, 2027-04-01 (+02:00 in Berlin), with bookings of both patients at both locations.
  const DAY = `from=${encodeURIComponent('2027-04-01T00:00:00+02:00')}&to=${encodeURIComponent('2027-04-02T00:00:00+02:00')}`;
  let a1: BookingRow;
  let b1: BookingRow;
  let a2: BookingRow;
  let s1: BookingRow;
  beforeAll(async () => {
    a1 = await book(clinic.patientA, '2027-04-01T09:00:00+02:00');
    b1 = await book(clinic.patientB, '2027-04-01T10:00:00+02:00');
    a2 = await book(clinic.patientA, '2027-04-01T11:00:00+02:00', {
      locationId: location2Id,
      doctorId: doctor2.id,
    });
    s1 = await book(clinic.patientB, '2027-04-01T12:00:00+02:00', {
      doctorId: null,
      diagnosticLocationId: clinic.scanner.id,
      capacityUnit: 1,
    });
  });

  it('lists each role only what it may see, in start order', async () => {
    const seen = async (headers: Headers) => ids(`/bookings?${DAY}`, headers);
    expect(await seen(clinic.patientA.headers)).toEqual(idsOf(a1, a2));
    expect(await seen(clinic.patientB.headers)).toEqual(idsOf(b1, s1));
    expect(await seen(clinic.doctorAccount.headers)).toEqual(idsOf(a1, b1));
    expect(await seen(doctor2Account.headers)).toEqual(idsOf(a2));
    expect(await seen(clinic.staff.headers)).toEqual(idsOf(a1, b1, s1));
    expect(await seen(staff2.headers)).toEqual(idsOf(a2));
    expect(await seen(clinic.staffElsewhere.headers)).toEqual([]);
    expectProblem(await t.app.inject({ url: `/api/v1/bookings?${DAY}`, headers: t.asAdmin }), 403);
  });

  it('narrows by patient, doctor, diagnostic location and location', async () => {
    const staff = clinic.staff.headers;
    const a = clinic.patientA.patient.id;
    expect(await ids(`/bookings?${DAY}&patientId=${a}`, staff)).toEqual(idsOf(a1));
    expect(await ids(`/bookings?${DAY}&doctorId=${clinic.doctor.id}`, staff)).toEqual(
      idsOf(a1, b1),
    );
    expect(await ids(`/bookings?${DAY}&diagnosticLocationId=${clinic.scanner.id}`, staff)).toEqual(
      idsOf(s1),
    );
    expect(await ids(`/bookings?${DAY}&locationId=${clinic.location.id}`, staff)).toEqual(
      idsOf(a1, b1, s1),
    );
  });

  it('never widens the scope, whatever the filters name', async () => {
    const a = clinic.patientA.patient.id;
    const b = clinic.patientB.patient.id;
    const page = await list(`/bookings?${DAY}&patientId=${a}`, clinic.patientB.headers);
    expect(page.items).toEqual([]);
    expect(JSON.stringify(page)).not.toContain(a);
    expect(await ids(`/bookings?${DAY}&locationId=${location2Id}`, clinic.staff.headers)).toEqual(
      [],
    );
    expect(
      await ids(`/bookings?${DAY}&doctorId=${doctor2.id}`, clinic.doctorAccount.headers),
    ).toEqual([]);
    expect(await ids(`/bookings?${DAY}&patientId=${b}`, staff2.headers)).toEqual([]);
    expect(
      await ids(`/bookings?${DAY}&locationId=${clinic.location.id}`, clinic.staffElsewhere.headers),
    ).toEqual([]);
  });

  it('records one booking.search event per list, naming no record', async () => {
    const response = await t.app.inject({
      url: `/api/v1/bookings?${DAY}`,
      headers: clinic.staff.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(await auditEventsOf(t, response)).toMatchObject([
      {
        action: 'booking.search',
        resourceType: 'booking',
        resourceId: null,
        patientId: null,
        outcome: 'success',
      },
    ]);
  });
});

describe('GET /bookings: statuses and times', () => {
  const DAY = `from=${encodeURIComponent('2027-04-02T00:00:00+02:00')}&to=${encodeURIComponent('2027-04-03T00:00:00+02:00')}`;
  const minutesFromNow = (m: number) => new Date(BOOKING_NOW.getTime() + m * 60_000);
  let booked: BookingRow;
  let cancelled: BookingRow;
  let noShow: BookingRow;
  let expired: BookingRow;
  let lapsedHold: BookingRow;
  let liveHold: BookingRow;
  beforeAll(async () => {
    const a = clinic.patientA;
    booked = await book(a, '2027-04-02T09:00:00+02:00');
    cancelled = await book(a, '2027-04-02T09:00:00+02:00', { status: 'cancelled' });
    noShow = await book(a, '2027-04-02T10:00:00+02:00', { status: 'no_show' });
    expired = await book(a, '2027-04-02T11:00:00+02:00', { status: 'expired' });
    lapsedHold = await book(a, '2027-04-02T12:00:00+02:00', {
      status: 'held',
      holdExpiresAt: minutesFromNow(-1),
    });
    liveHold = await book(a, '2027-04-02T13:00:00+02:00', {
      status: 'held',
      holdExpiresAt: minutesFromNow(5),
    });
  });

  it('leaves expired holds out by default, lapsed ones too', async () => {
    const listed = await ids(`/bookings?${DAY}`, clinic.patientA.headers);
    expect(new Set(listed)).toEqual(new Set(idsOf(booked, cancelled, noShow, liveHold)));
  });

  it('lists expired holds when asked, a lapsed hold as expired', async () => {
    const page = await list(`/bookings?${DAY}&status=expired`, clinic.patientA.headers);
    expect(page.items.map((b) => [b.id, b.status])).toEqual([
      [expired.id, 'expired'],
      [lapsedHold.id, 'expired'],
    ]);
    expect(await ids(`/bookings?${DAY}&status=held`, clinic.patientA.headers)).toEqual(
      idsOf(liveHold),
    );
  });

  it('filters by any of several statuses', async () => {
    const listed = await ids(
      `/bookings?${DAY}&status=cancelled&status=no_show`,
      clinic.patientA.headers,
    );
    expect(listed).toEqual(idsOf(cancelled, noShow));
    expectProblem(
      await t.app.inject({
        url: `/api/v1/bookings?${DAY}&status=lost`,
        headers: clinic.patientA.headers,
      }),
      400,
    );
  });

  it('takes `from` inclusive and `to` exclusive, in any offset', async () => {
    const from = encodeURIComponent('2027-04-02T08:00:00Z'); // 10:00 in Berlin
    const to = encodeURIComponent('2027-04-02T11:00:00+02:00');
    expect(await ids(`/bookings?from=${from}&to=${to}`, clinic.patientA.headers)).toEqual(
      idsOf(noShow),
    );
  });

  it('refuses `to` before `from` with 422, reading nothing', async () => {
    const response = await t.app.inject({
      url: `/api/v1/bookings?from=${encodeURIComponent('2027-04-02T10:00:00Z')}&to=${encodeURIComponent('2027-04-02T09:00:00Z')}`,
      headers: clinic.patientA.headers,
    });
    expect(expectProblem(response, 422, 'invalid-range').errors).toEqual([
      { path: '/query/to', message: expect.any(String) },
    ]);
    expect(await auditEventsOf(t, response)).toEqual([]);
  });
});

describe('GET /bookings: pages', () => {
  let patient: PatientAccount;
  let expected: string[];
  beforeAll(async () => {
    patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
    // Nine cancelled bookings (they may overlap) on three starts: ties are broken by id.
    const starts = ['2027-05-03T10:00:00Z', '2027-05-01T10:00:00Z', '2027-05-02T10:00:00Z'];
    const rows: BookingRow[] = [];
    for (let i = 0; i < 9; i++) {
      rows.push(await book(patient, starts[i % 3]!, { status: 'cancelled' }));
    }
    expected = rows
      .sort((x, y) => x.startAt.getTime() - y.startAt.getTime() || (x.id < y.id ? -1 : 1))
      .map((r) => r.id);
  });

  it('walks every booking exactly once, in start then id order', async () => {
    for (const limit of [1, 2, 4, 9]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await list(`/bookings?limit=${limit}${query}`, patient.headers);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((b) => b.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      expect(seen, `limit ${limit}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(9 / limit));
    }
  });

  it('gives 20 by default and refuses more than 100 or a forged cursor', async () => {
    const busy = await makePatientAccount(t.database.db, t.tokens);
    for (let i = 0; i < 21; i++) {
      await book(busy, '2027-05-10T10:00:00Z', { status: 'cancelled' });
    }
    const first = await list('/bookings', busy.headers);
    expect(first.items).toHaveLength(20);
    expect((await list(`/bookings?cursor=${first.nextCursor}`, busy.headers)).items).toHaveLength(
      1,
    );
    const over = await t.app.inject({
      url: '/api/v1/bookings?limit=101',
      headers: patient.headers,
    });
    expectProblem(over, 400);
    // A parseless sort value, and a null one (which once matched nothing: an empty 200).
    for (const value of ['yesterday', null]) {
      const forged = Buffer.from(JSON.stringify(['start', value, randomUUID()])).toString(
        'base64url',
      );
      const response = await t.app.inject({
        url: `/api/v1/bookings?cursor=${forged}`,
        headers: patient.headers,
      });
      expectProblem(response, 400, 'invalid-cursor');
    }
  });
});

describe('GET /patients/{id}/bookings', () => {
  const DAY = `from=${encodeURIComponent('2027-04-04T00:00:00+02:00')}&to=${encodeURIComponent('2027-04-05T00:00:00+02:00')}`;
  let here: BookingRow;
  let there: BookingRow;
  beforeAll(async () => {
    here = await book(clinic.patientA, '2027-04-04T09:00:00+02:00');
    there = await book(clinic.patientA, '2027-04-04T11:00:00+02:00', {
      locationId: location2Id,
      doctorId: doctor2.id,
    });
  });
  const url = (patientId: string) => `/patients/${patientId}/bookings?${DAY}`;

  it('lists a patient’s bookings to them, and of those only the caller’s to workforce', async () => {
    const a = clinic.patientA.patient.id;
    expect(await ids(url(a), clinic.patientA.headers)).toEqual(idsOf(here, there));
    expect(await ids(url(a), clinic.staff.headers)).toEqual(idsOf(here));
    expect(await ids(url(a), staff2.headers)).toEqual(idsOf(there));
    expect(await ids(url(a), clinic.doctorAccount.headers)).toEqual(idsOf(here));
    expect(await ids(url(a), doctor2Account.headers)).toEqual(idsOf(there));
  });

  it('answers a patient out of scope like a missing one, audited as denied', async () => {
    const a = clinic.patientA.patient.id;
    const callers = [clinic.patientB, clinic.staffElsewhere];
    for (const caller of callers) {
      const theirs = await t.app.inject({ url: `/api/v1${url(a)}`, headers: caller.headers });
      const missing = await t.app.inject({
        url: `/api/v1${url(randomUUID())}`,
        headers: caller.headers,
      });
      expectProblem(theirs, 404, 'not-found');
      expect(withoutRequestId(theirs)).toEqual(withoutRequestId(missing));
      expect(await auditEventsOf(t, theirs)).toMatchObject([
        { action: 'booking.search', patientId: a, outcome: 'denied' },
      ]);
    }
    const noBookingWithB = await t.app.inject({
      url: `/api/v1${url(clinic.patientB.patient.id)}`,
      headers: doctor2Account.headers,
    });
    expectProblem(noBookingWithB, 404, 'not-found');
    expectProblem(await t.app.inject({ url: `/api/v1${url(a)}`, headers: t.asAdmin }), 403);
  });

  it('records one booking.search event naming the patient', async () => {
    const a = clinic.patientA.patient.id;
    const response = await t.app.inject({ url: `/api/v1${url(a)}`, headers: clinic.staff.headers });
    expect(await auditEventsOf(t, response)).toMatchObject([
      { action: 'booking.search', resourceId: null, patientId: a, outcome: 'success' },
    ]);
  });

  it('takes no patientId filter: the patient is in the path', async () => {
    const response = await t.app.inject({
      url: `/api/v1/patients/${clinic.patientB.patient.id}/bookings?patientId=${clinic.patientA.patient.id}`,
      headers: clinic.patientB.headers,
    });
    expectProblem(response, 400);
    expect(response.body).not.toContain(clinic.patientA.patient.id);
  });
});

describe('a doctor’s and a location’s day', () => {
  // Berlin: 2026-03-29 has 23 hours (02:00 → 03:00), 2026-10-25 has 25 (03:00 → 02:00).
  let patient: PatientAccount;
  const rows: Record<string, BookingRow> = {};
  beforeAll(async () => {
    patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
    const starts = {
      lateOn28: '2026-03-28T23:30:00+01:00',
      earlyOn29: '2026-03-29T00:30:00+01:00',
      lateOn29: '2026-03-29T23:30:00+02:00',
      earlyOn30: '2026-03-30T00:30:00+02:00',
      midnightOct25: '2026-10-25T00:00:00+02:00',
      lateOct25: '2026-10-25T23:30:00+01:00',
      midnightOct26: '2026-10-26T00:00:00+01:00',
    };
    for (const [name, start] of Object.entries(starts)) rows[name] = await book(patient, start);
  });
  const doctorDay = (date: string, headers: Headers) =>
    ids(`/doctors/${clinic.doctor.id}/bookings?date=${date}`, headers);
  const locationDay = (date: string, headers: Headers) =>
    ids(`/locations/${clinic.location.id}/bookings?date=${date}`, headers);
  const named = (...names: string[]) => names.map((n) => rows[n]!.id);

  it('takes the local day in the location’s zone across spring forward', async () => {
    const doctor = clinic.doctorAccount.headers;
    expect(await doctorDay('2026-03-29', doctor)).toEqual(named('earlyOn29', 'lateOn29'));
    expect(await doctorDay('2026-03-28', doctor)).toEqual(named('lateOn28'));
    expect(await doctorDay('2026-03-30', doctor)).toEqual(named('earlyOn30'));
  });

  it('takes the 25-hour day across fall back', async () => {
    const staff = clinic.staff.headers;
    expect(await doctorDay('2026-10-25', staff)).toEqual(named('midnightOct25', 'lateOct25'));
    expect(await locationDay('2026-10-25', staff)).toEqual(named('midnightOct25', 'lateOct25'));
    expect(await locationDay('2026-10-26', staff)).toEqual(named('midnightOct26'));
  });

  it('lists a location’s day across spring forward, with a status filter', async () => {
    const staff = clinic.staff.headers;
    expect(await locationDay('2026-03-29', staff)).toEqual(named('earlyOn29', 'lateOn29'));
    expect(await locationDay('2026-03-29&status=cancelled', staff)).toEqual([]);
  });

  it('pages a day like any list', async () => {
    const url = `/doctors/${clinic.doctor.id}/bookings?date=2026-03-29&limit=1`;
    const first = await list(url, clinic.staff.headers);
    expect(first.items.map((b) => b.id)).toEqual(named('earlyOn29'));
    const second = await list(`${url}&cursor=${first.nextCursor}`, clinic.staff.headers);
    expect(second.items.map((b) => b.id)).toEqual(named('lateOn29'));
    expect(second.nextCursor).toBeNull();
  });

  it('shows a doctor’s day to nobody else but the location’s staff', async () => {
    const path = `/api/v1/doctors/${clinic.doctor.id}/bookings?date=2026-03-29`;
    const missing = `/api/v1/doctors/${randomUUID()}/bookings?date=2026-03-29`;
    for (const caller of [doctor2Account, staff2, clinic.staffElsewhere]) {
      const theirs = await t.app.inject({ url: path, headers: caller.headers });
      const unknown = await t.app.inject({ url: missing, headers: caller.headers });
      expectProblem(theirs, 404, 'not-found');
      expect(withoutRequestId(theirs)).toEqual(withoutRequestId(unknown));
      expect(await auditEventsOf(t, theirs)).toMatchObject([
        { action: 'booking.search', outcome: 'denied' },
      ]);
    }
    expectProblem(await t.app.inject({ url: path, headers: clinic.patientA.headers }), 403);
    expectProblem(await t.app.inject({ url: path, headers: t.asAdmin }), 403);
  });

  it('shows a location’s day to its staff only', async () => {
    const path = `/api/v1/locations/${clinic.location.id}/bookings?date=2026-03-29`;
    const missing = `/api/v1/locations/${randomUUID()}/bookings?date=2026-03-29`;
    const theirs = await t.app.inject({ url: path, headers: staff2.headers });
    const unknown = await t.app.inject({ url: missing, headers: staff2.headers });
    expectProblem(theirs, 404, 'not-found');
    expect(withoutRequestId(theirs)).toEqual(withoutRequestId(unknown));
    const ok = await t.app.inject({ url: path, headers: clinic.staff.headers });
    expect(await auditEventsOf(t, ok)).toMatchObject([
      { action: 'booking.search', outcome: 'success' },
    ]);
    for (const caller of [clinic.doctorAccount, clinic.patientA]) {
      expectProblem(await t.app.inject({ url: path, headers: caller.headers }), 403);
    }
  });

  it('refuses a date that is not YYYY-MM-DD', async () => {
    for (const date of ['2026-02-30', '20260329', '2026-03-29T00:00']) {
      const response = await t.app.inject({
        url: `/api/v1/locations/${clinic.location.id}/bookings?date=${date}`,
        headers: clinic.staff.headers,
      });
      expectProblem(response, 400);
    }
  });
});

describe('a day’s patients, by name', () => {
  // A day of its own, so the other days' lists stay as they are.
  const DATE = '2026-05-12';
  const urls = () => [
    `/api/v1/doctors/${clinic.doctor.id}/bookings?date=${DATE}`,
    `/api/v1/locations/${clinic.location.id}/bookings?date=${DATE}`,
  ];
  const patients: PatientAccount[] = [];
  /** Books one more patient on DATE, each an hour after the last. */
  const addPatient = async () => {
    const patient = await makePatientAccount(t.database.db, t.tokens, clinic.location.id);
    const hour = String(9 + patients.length).padStart(2, '0');
    await book(patient, `${DATE}T${hour}:00:00+02:00`);
    patients.push(patient);
  };
  /** Both days, one request at a time (the counter sees every statement). */
  const bothDays = async () => {
    const answers = [];
    for (const url of urls()) answers.push(await day(url));
    return answers;
  };
  /** The day as staff see it, with the statements it took and the audit events it left. */
  const day = async (url: string) => {
    const { result: response, statements } = await counter.during(() =>
      t.app.inject({ url, headers: clinic.staff.headers }),
    );
    expect(response.statusCode, response.body).toBe(200);
    return {
      page: body<DayBookingPageView>(response),
      statements: statements.length,
      events: await auditEventsOf(t, response),
    };
  };
  const namesOf = (page: DayBookingPageView) =>
    page.items.map((b) => {
      expect(b.patient.id).toBe(b.patientId);
      return b.patient.fullName;
    });

  it('names each booking’s patient, in statements and audit events that do not grow with them', async () => {
    await addPatient();
    const one = await bothDays();
    for (let i = 0; i < 4; i++) await addPatient();
    const five = await bothDays();
    const names = patients.map((p) => p.patient.fullName);
    for (const [i, list] of five.entries()) {
      expect(namesOf(one[i]!.page)).toEqual(names.slice(0, 1));
      expect(namesOf(list.page)).toEqual(names);
      expect(list.statements).toBe(one[i]!.statements);
      for (const { events } of [one[i]!, list]) {
        expect(events).toMatchObject([
          { action: 'booking.search', resourceId: null, patientId: null, outcome: 'success' },
        ]);
      }
    }
  });

  it('shows an erased patient under the pseudonym the patients table holds', async () => {
    if (patients.length === 0) await addPatient();
    const erased = patients[0]!.patient;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${erased.id}/erase`,
      headers: t.asAdmin,
    });
    expect(response.statusCode, response.body).toBe(200);
    for (const { page } of await bothDays()) {
      const booking = page.items.find((b) => b.patientId === erased.id);
      expect(booking?.patient).toEqual({
        id: erased.id,
        fullName: `Erased patient ${erased.id.slice(-8)}`,
      });
    }
  });

  it('leaves the other lists’ bookings without a name', async () => {
    const page = await list(
      `/bookings?from=${DATE}T00:00:00Z&to=2026-05-13T00:00:00Z`,
      clinic.staff.headers,
    );
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expect(item).not.toHaveProperty('patient');
  });
});
