import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPages,
  body,
  createTestApp,
  expectProblem,
  type ListPage,
  type TestApp,
  withoutRequestId,
} from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  injectAudited,
  makeClinic,
  makeClinicBooking,
  type PatientAccount,
  testClock,
} from '../../../test/support/booking-fixtures.js';
import { makeBooking } from '../../../test/support/factories.js';
import { doctorRatings, doctors } from '../../db/schema/index.js';

const clock = testClock();
let t: TestApp;
let clinic: Clinic;
const queries: string[] = [];
let hour = 0;

beforeAll(async () => {
  t = await createTestApp({ clock: clock.now, database: { onQuery: (sql) => queries.push(sql) } });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

interface RatingBody {
  id: string;
  doctorId: string;
  bookingId: string | null;
  stars: number;
  comment: string | null;
  commentHidden: boolean;
  ratedAt: string;
  editableUntil: string | null;
  version: number;
}

/** A completed visit of `patient` with the clinic's doctor, some hours before the clock. */
async function visit(patient: PatientAccount = clinic.patientA, status = 'completed') {
  hour += 1;
  const start = new Date(BOOKING_NOW.getTime() - (24 * 30 + hour) * 3_600_000);
  return makeClinicBooking(t.database.db, clinic, patient, start, { status });
}

const rate = (bookingId: string, payload: object, patient: PatientAccount = clinic.patientA) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/rating`,
    headers: patient.headers,
    payload,
  });

const doctorFigures = async () => {
  const response = await t.app.inject({ url: `/api/v1/doctors/${clinic.doctor.id}` });
  const { ratingAvg, ratingCount, importedRatingCount } = body(response);
  return { ratingAvg, ratingCount, importedRatingCount };
};

/** The doctor's stored aggregate against SUM and COUNT over its verified rows. */
async function aggregateMatchesRows() {
  const [doctor] = await t.database.db
    .select()
    .from(doctors)
    .where(eq(doctors.id, clinic.doctor.id));
  const rows = await t.database.db
    .select()
    .from(doctorRatings)
    .where(eq(doctorRatings.doctorId, clinic.doctor.id));
  const verified = rows.filter((r) => r.source === 'verified');
  expect({ sum: doctor!.ratingSum, count: doctor!.ratingCount }).toEqual({
    sum: verified.reduce((s, r) => s + r.stars, 0),
    count: verified.length,
  });
}

describe('rating a visit', () => {
  it('lets a patient rate their own completed visit once; the directory shows it at once', async () => {
    const booking = await visit();
    const before = await doctorFigures();
    const { response, events } = await injectAudited(t, {
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/rating`,
      headers: clinic.patientA.headers,
      payload: { stars: 4, comment: 'Listened carefully.' },
    });
    expect(response.statusCode).toBe(201);
    const rating = body<RatingBody>(response);
    expect(rating).toMatchObject({
      doctorId: clinic.doctor.id,
      bookingId: booking.id,
      stars: 4,
      comment: 'Listened carefully.',
      commentHidden: false,
      version: 0,
      ratedAt: '2027-03-01T07:00:00+01:00',
      editableUntil: '2027-03-31T08:00:00+02:00',
    });
    expect(events.map((e) => [e.action, e.resourceId, e.patientId, e.outcome])).toEqual([
      ['rating.create', rating.id, clinic.patientA.patient.id, 'success'],
    ]);
    const after = await doctorFigures();
    expect(after.ratingCount).toBe((before.ratingCount as number) + 1);

    const again = await rate(booking.id, { stars: 1 });
    expectProblem(again, 409, 'already-rated');
    expect((await doctorFigures()).ratingCount).toBe(after.ratingCount);
    await aggregateMatchesRows();
  });

  it('refuses a visit that is not completed, and a diagnostic booking', async () => {
    const booked = await visit(clinic.patientA, 'booked');
    expectProblem(await rate(booked.id, { stars: 5 }), 422, 'visit-not-completed');
    const start = new Date(clock.now().getTime() - 50 * 24 * 3_600_000);
    const scan = await makeBooking(t.database.db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      diagnosticLocationId: clinic.scanner.id,
      capacityUnit: 1,
      startAt: start,
      endAt: new Date(start.getTime() + 30 * 60_000),
      status: 'completed',
    });
    expectProblem(await rate(scan.id, { stars: 5 }), 422, 'not-a-doctor-visit');
  });

  it('answers another patient’s visit exactly like a missing one, and audits it denied', async () => {
    const booking = await visit(clinic.patientA);
    const { response, events } = await injectAudited(t, {
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/rating`,
      headers: clinic.patientB.headers,
      payload: { stars: 1 },
    });
    const missing = await rate(
      '0190b2c4-0000-7000-8000-000000000000',
      { stars: 1 },
      clinic.patientB,
    );
    expectProblem(response, 404);
    expect(withoutRequestId(response)).toEqual(withoutRequestId(missing));
    expect(events.map((e) => [e.action, e.patientId, e.outcome])).toEqual([
      ['rating.create', clinic.patientA.patient.id, 'denied'],
    ]);
  });

  it('refuses stars out of range, a long comment and server-owned fields', async () => {
    const booking = await visit();
    for (const payload of [
      { stars: 0 },
      { stars: 6 },
      { stars: 4.5 },
      { stars: 3, comment: 'x'.repeat(2001) },
      { stars: 3, patientId: clinic.patientB.patient.id },
      { stars: 3, doctorId: clinic.doctor.id },
    ]) {
      expectProblem(await rate(booking.id, payload), 400);
    }
  });
});

describe('reading a visit’s rating', () => {
  it('shows it to its patient and the location’s staff, audited; to nobody else', async () => {
    const booking = await visit();
    const read = (headers: { authorization: string }) =>
      injectAudited(t, { url: `/api/v1/bookings/${booking.id}/rating`, headers });
    expectProblem((await read(clinic.patientA.headers)).response, 404);
    const rating = body<RatingBody>(await rate(booking.id, { stars: 4, comment: 'Thorough' }));
    const own = await read(clinic.patientA.headers);
    expect(body(own.response)).toEqual(rating);
    expect(own.events.map((e) => [e.action, e.resourceId, e.patientId, e.outcome])).toEqual([
      ['rating.read', rating.id, clinic.patientA.patient.id, 'success'],
    ]);
    expect((await read(clinic.staff.headers)).response.statusCode).toBe(200);
    for (const other of [clinic.patientB, clinic.staffElsewhere]) {
      const { response, events } = await read(other.headers);
      expectProblem(response, 404);
      expect(events.map((e) => e.outcome)).toEqual(['denied']);
    }
    expectProblem((await read(clinic.doctorAccount.headers)).response, 403);
  });
});

describe('changing a rating', () => {
  it('applies the difference of stars to the aggregate; a stale version is a 409', async () => {
    const rating = body<RatingBody>(await rate((await visit()).id, { stars: 2 }));
    const before = await doctorFigures();
    const { response, events } = await injectAudited(t, {
      method: 'PATCH',
      url: `/api/v1/ratings/${rating.id}`,
      headers: clinic.patientA.headers,
      payload: { version: 0, stars: 5, comment: 'Better on reflection.' },
    });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({
      stars: 5,
      comment: 'Better on reflection.',
      version: 1,
    });
    expect(events.map((e) => [e.action, e.resourceId, e.outcome])).toEqual([
      ['rating.update', rating.id, 'success'],
    ]);
    expect((await doctorFigures()).ratingCount).toBe(before.ratingCount);
    await aggregateMatchesRows();
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/ratings/${rating.id}`,
      headers: clinic.patientA.headers,
      payload: { version: 0, stars: 1 },
    });
    expectProblem(stale, 409, 'version-conflict');
    await aggregateMatchesRows();
  });

  it('is open to its author for 30 days by the app’s clock, then 422', async () => {
    const rating = body<RatingBody>(await rate((await visit()).id, { stars: 3 }));
    const patch = (version: number, stars: number, patient = clinic.patientA) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/ratings/${rating.id}`,
        headers: patient.headers,
        payload: { version, stars },
      });
    expectProblem(await patch(0, 4, clinic.patientB), 404);
    const start = clock.now();
    try {
      clock.advance(30 * 24 * 60 - 1);
      expect((await patch(0, 4)).statusCode).toBe(200);
      clock.advance(1);
      expectProblem(await patch(1, 1), 422, 'edit-window-closed');
    } finally {
      clock.set(start);
    }
    await aggregateMatchesRows();
  });
});

describe('hiding a comment', () => {
  it('by staff of the location hides the comment publicly; the stars still count', async () => {
    const rating = body<RatingBody>(await rate((await visit()).id, { stars: 1, comment: 'Rude!' }));
    const figures = await doctorFigures();
    const hide = (headers: { authorization: string }, verb = 'hide') =>
      injectAudited(t, { method: 'POST', url: `/api/v1/ratings/${rating.id}/${verb}`, headers });
    expectProblem((await hide(clinic.staffElsewhere.headers)).response, 404);
    expectProblem((await hide(clinic.patientA.headers)).response, 403);
    const { response, events } = await hide(clinic.staff.headers);
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ commentHidden: true, comment: 'Rude!', stars: 1 });
    expect(events.map((e) => [e.action, e.resourceId, e.patientId, e.outcome])).toEqual([
      ['rating.hide', rating.id, clinic.patientA.patient.id, 'success'],
    ]);
    const [row] = await t.database.db
      .select()
      .from(doctorRatings)
      .where(eq(doctorRatings.id, rating.id));
    expect(row).toMatchObject({
      commentHiddenBy: clinic.staff.account.id,
      commentHiddenAt: clock.now(),
    });
    expect(await doctorFigures()).toEqual(figures);
    const listed = await allPages<{ id: string; comment: string | null; stars: number }>(
      t.app,
      `/api/v1/doctors/${clinic.doctor.id}/ratings?limit=100`,
    );
    expect(listed.find((r) => r.id === rating.id)).toMatchObject({
      comment: null,
      commentHidden: true,
      stars: 1,
    });
    expect((await hide(clinic.staff.headers, 'unhide')).response.statusCode).toBe(200);
    const shown = await allPages<{ id: string; comment: string | null }>(
      t.app,
      `/api/v1/doctors/${clinic.doctor.id}/ratings?limit=100`,
    );
    expect(shown.find((r) => r.id === rating.id)?.comment).toBe('Rude!');
  });
});

describe('the public list of a doctor’s ratings', () => {
  it('pages newest first through every rating once, anonymously', async () => {
    const made: string[] = [];
    const start = clock.now();
    try {
      for (let i = 0; i < 5; i++) {
        clock.advance(60);
        made.push(
          body<RatingBody>(await rate((await visit()).id, { stars: 1 + i, comment: `#${i}` })).id,
        );
      }
    } finally {
      clock.set(start);
    }
    const pages: number[] = [];
    const items = await allPages<{ id: string; ratedAt: string }>(
      t.app,
      `/api/v1/doctors/${clinic.doctor.id}/ratings?limit=2`,
      { check: (page: ListPage<unknown>) => void pages.push(page.items.length) },
    );
    expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
    expect(items.slice(0, 5).map((r) => r.id)).toEqual([...made].reverse());
    const times = items.map((r) => Date.parse(r.ratedAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(pages.every((n) => n <= 2)).toBe(true);
    const text = JSON.stringify(items);
    for (const secret of [
      clinic.patientA.patient.id,
      clinic.patientA.patient.fullName,
      'bookingId',
      'patientId',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 404 for an unknown doctor and 400 for a forged cursor', async () => {
    const unknown = await t.app.inject({
      url: '/api/v1/doctors/0190b2c4-0000-7000-8000-000000000000/ratings',
    });
    expectProblem(unknown, 404);
    const forged = Buffer.from(JSON.stringify(['newest', 'yesterday', clinic.doctor.id])).toString(
      'base64url',
    );
    const response = await t.app.inject({
      url: `/api/v1/doctors/${clinic.doctor.id}/ratings?cursor=${forged}`,
    });
    expectProblem(response, 400, 'invalid-cursor');
  });
});

describe('the directory with ratings', () => {
  it('lists doctors with one SQL query', async () => {
    await rate((await visit()).id, { stars: 5 });
    queries.length = 0;
    const response = await t.app.inject({ url: '/api/v1/doctors?limit=100' });
    expect(response.statusCode).toBe(200);
    expect(body<ListPage<{ id: string; ratingCount: number }>>(response).items).toContainEqual(
      expect.objectContaining({ id: clinic.doctor.id, ratingCount: expect.any(Number) }),
    );
    expect(queries).toHaveLength(1);
  });
});
