import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { HTTPMethods, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRow } from '../../src/db/schema/index.js';
import {
  auditEvents,
  bookings,
  doctorRatings,
  patients,
  visitNotes,
} from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { type Clinic, makeClinic } from '../support/booking-fixtures.js';
import { makeReportDocument } from '../support/document-fixtures.js';
import { makeBooking, makePrescription } from '../support/factories.js';
import type { TestAccount } from '../support/identities.js';
import { finalReport, makeLabBooking } from '../support/result-fixtures.js';

// Items 1, 3, 7, 8 and 28 of SECURITY.md, over every registered route: patient B never learns
// that patient A's records exist, never reads or changes them, and nothing secret ever leaves.

/**
 * For each `:id` route a patient may call: the id of one of patient A's records there, and a
 * body for writes. A new route with patient data must be added here (the first test says so).
 */
interface Target {
  idOfA: (a: PatientRow) => string;
  payload?: object;
}
const TARGETS: Record<string, Target> = {
  'GET /api/v1/patients/:id': { idOfA: (a) => a.id },
  'PATCH /api/v1/patients/:id': { idOfA: (a) => a.id, payload: { fullName: 'Taken Over' } },
  'GET /api/v1/patients/:id/bookings': { idOfA: (a) => a.id },
  'GET /api/v1/patients/:id/record': { idOfA: (a) => a.id },
  'GET /api/v1/bookings/:id': { idOfA: () => bookingOfA.booked },
  'POST /api/v1/bookings/:id/cancel': { idOfA: () => bookingOfA.booked, payload: { version: 0 } },
  'POST /api/v1/bookings/:id/confirm': { idOfA: () => bookingOfA.held, payload: { version: 0 } },
  'GET /api/v1/bookings/:id/prescriptions': { idOfA: () => bookingOfA.booked },
  'GET /api/v1/prescriptions/:id': { idOfA: () => prescriptionOfA },
  'GET /api/v1/prescriptions/:id/history': { idOfA: () => prescriptionOfA },
  'GET /api/v1/patients/:id/prescriptions': { idOfA: (a) => a.id },
  'POST /api/v1/bookings/:id/reschedule': {
    idOfA: () => bookingOfA.booked,
    payload: { version: 0, startAt: '2030-01-07T10:00:00+01:00' },
  },
  'GET /api/v1/bookings/:id/visit-note': { idOfA: () => visitOfA.booking },
  'GET /api/v1/visit-notes/:id': { idOfA: () => visitOfA.note },
  'GET /api/v1/visit-notes/:id/history': { idOfA: () => visitOfA.note },
  'GET /api/v1/documents/:id': { idOfA: () => documentOfA },
  'GET /api/v1/documents/:id/content': { idOfA: () => documentOfA },
  'POST /api/v1/bookings/:id/rating': { idOfA: () => bookingOfA.completed, payload: { stars: 1 } },
  'GET /api/v1/bookings/:id/rating': { idOfA: () => bookingOfA.rated },
  'PATCH /api/v1/ratings/:id': {
    idOfA: () => bookingOfA.rating,
    payload: { version: 0, stars: 1 },
  },
  'GET /api/v1/bookings/:id/results': { idOfA: () => bookingOfA.booked },
  'GET /api/v1/patients/:id/results': { idOfA: (a) => a.id },
  'GET /api/v1/results/:id': { idOfA: () => reportOfA },
  'GET /api/v1/results/:id/history': { idOfA: () => reportOfA },
};
const FORBIDDEN_IN_RESPONSES = ['passwordHash', 'password_hash', 'tokenHash', 'tokenVersion'];

let t: TestApp;
let routes: RouteOptions[];
let a: PatientRow;
let b: PatientRow;
let asA: TestAccount;
let asB: TestAccount;
let desk: TestAccount;
let locationId: string;
/** A booked, a held and two completed bookings of A's (one rated), with a doctor of A's location. */
let bookingOfA: { booked: string; held: string; completed: string; rated: string; rating: string };
/** A completed visit of A's with a note written by its doctor. */
let visitOfA: { booking: string; note: string };
/** A document of a released report of A's. */
let documentOfA: string;
/** A prescription of A's, written in a visit with the doctor of A's location. */
let prescriptionOfA: string;
/** A released diagnostic report of A's. */
let reportOfA: string;
const bodies: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  routes = [...t.app.registeredRoutes()];
  const clinic = await makeClinic(t.database.db, t.tokens);
  locationId = clinic.location.id;
  [a, b] = [clinic.patientA.patient, clinic.patientB.patient];
  [asA, asB, desk] = [clinic.patientA, clinic.patientB, clinic.staff];
  const bookingAt = async (startAt: string, held: boolean, status?: string) => {
    const start = new Date(startAt);
    const row = await makeBooking(t.database.db, {
      patientId: a.id,
      locationId,
      doctorId: clinic.doctor.id,
      startAt: start,
      endAt: new Date(start.getTime() + 30 * 60_000),
      ...(held ? { status: 'held', holdExpiresAt: new Date('2030-01-01T00:00:00Z') } : {}),
      ...(status ? { status } : {}),
    });
    return row.id;
  };
  const rated = await bookingAt('2026-01-05T09:00:00Z', false, 'completed');
  const [rating] = await t.database.db
    .insert(doctorRatings)
    .values({
      doctorId: clinic.doctor.id,
      locationId,
      source: 'verified',
      bookingId: rated,
      patientId: a.id,
      stars: 4,
      ratedAt: new Date(),
    })
    .returning();
  bookingOfA = {
    booked: await bookingAt('2029-12-03T09:00:00Z', false),
    held: await bookingAt('2029-12-03T10:00:00Z', true),
    completed: await bookingAt('2026-01-05T10:00:00Z', false, 'completed'),
    rated,
    rating: rating!.id,
  };
  const visit = await makeBooking(t.database.db, {
    patientId: a.id,
    locationId,
    doctorId: clinic.doctor.id,
    startAt: new Date('2026-01-06T09:00:00Z'),
    endAt: new Date('2026-01-06T09:30:00Z'),
    status: 'completed',
  });
  const note = randomUUID();
  await t.database.db.insert(visitNotes).values({
    id: note,
    lineageId: note,
    revision: 1,
    bookingId: visit.id,
    patientId: a.id,
    doctorId: clinic.doctor.id,
    locationId,
    note: 'Isolation note',
    diagnoses: [],
    authorAccountId: clinic.doctorAccount.account.id,
  });
  visitOfA = { booking: visit.id, note };
  documentOfA = await makeReportDocument(t.database.db, {
    patientId: a.id,
    locationId,
    bookingId: bookingOfA.booked,
    authorAccountId: desk.account.id,
  });
  prescriptionOfA = (await makePrescription(t.database.db, visit, clinic.doctorAccount.account.id))
    .id;
  reportOfA = await releasedReportOf(clinic);
});

/** A report of A's on a checked-in lab booking, written and released by the location's staff. */
async function releasedReportOf(clinic: Clinic): Promise<string> {
  const lab = await makeLabBooking(t.database.db, clinic, clinic.patientA, '2029-12-02T09:00:00Z');
  const headers = clinic.staff.headers;
  const url = `/api/v1/bookings/${lab.id}/results`;
  const created = await t.app.inject({ method: 'POST', url, headers, payload: finalReport() });
  const { id } = JSON.parse(created.body) as { id: string };
  const release = { method: 'POST' as const, url: `/api/v1/results/${id}/release`, headers };
  expect((await t.app.inject({ ...release, payload: { revision: 1 } })).statusCode).toBe(200);
  return id;
}
afterAll(() => t.close());

/** Every response body of this file is kept, to check at the end that none holds a secret. */
async function inject(options: InjectOptions): Promise<LightMyRequestResponse> {
  const response = await t.app.inject(options);
  bodies.push(response.body);
  return response;
}

const methodsOf = (route: RouteOptions) => [route.method].flat() as HTTPMethods[];
const admitsPatients = (route: RouteOptions) => {
  const access = route.config?.access;
  return !!access && !('public' in access) && access.roles.includes('patient');
};
const key = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;
// Not app.ts's withoutRequestId: a HEAD answer has no body, and compares here as {}.
const withoutRequestId = (response: LightMyRequestResponse) => {
  const { requestId: _, ...rest } = JSON.parse(response.body || '{}') as Record<string, unknown>;
  return rest;
};
const rowOf = async (id: string) => ({
  patient: (await t.database.db.select().from(patients).where(eq(patients.id, id)))[0],
  bookings: await t.database.db
    .select()
    .from(bookings)
    .where(eq(bookings.patientId, id))
    .orderBy(bookings.id),
});
const deniedOf = async (actorId: string, patientId: string) => {
  const where = and(
    eq(auditEvents.actorId, actorId),
    eq(auditEvents.patientId, patientId),
    eq(auditEvents.outcome, 'denied'),
  );
  return (await t.database.db.select({ n: count() }).from(auditEvents).where(where))[0]!.n;
};

/** The patient-callable routes with an `:id`, each method separately. */
const idRoutes = () =>
  routes
    .filter((route) => admitsPatients(route) && route.url.includes(':id'))
    .flatMap((route) => methodsOf(route).map((method) => ({ method, url: route.url })));

describe('patient isolation', () => {
  it('knows how to aim every patient-callable :id route at patient A', () => {
    const unknown = idRoutes().filter((r) => !TARGETS[key(r.method, r.url)]);
    expect(
      unknown.map((r) => `${r.method} ${r.url}`),
      'add them to TARGETS',
    ).toEqual([]);
  });

  it('never returns A’s data to B, whatever ?patientId says', async () => {
    const gets = routes.filter(
      (route) => admitsPatients(route) && methodsOf(route).includes('GET'),
    );
    expect(gets.length).toBeGreaterThan(0);
    for (const route of gets) {
      const path = route.url.replace(/:id\b/, b.id).replace(/:[A-Za-z]+/g, () => randomUUID());
      const response = await inject({ url: `${path}?patientId=${a.id}`, headers: asB.headers });
      for (const secret of [a.id, a.fullName, a.email!]) {
        expect(response.body, `GET ${route.url}`).not.toContain(secret);
      }
    }
  });

  it('answers B asking for A’s id exactly as for an id that does not exist, audits it, changes nothing', async () => {
    expect(idRoutes().length).toBeGreaterThanOrEqual(Object.keys(TARGETS).length);
    for (const { method, url } of idRoutes()) {
      const target = TARGETS[key(method, url)]!;
      const label = `${method} ${url}`;
      const before = await rowOf(a.id);
      const denied = await deniedOf(asB.account.id, a.id);
      const ask = (id: string) =>
        inject({
          method,
          url: url.replace(':id', id),
          headers: asB.headers,
          ...(target.payload ? { payload: target.payload } : {}),
        });
      const theirs = await ask(target.idOfA(a));
      const missing = await ask(randomUUID());
      expect(theirs.statusCode, label).toBe(404);
      expect(missing.statusCode, label).toBe(404);
      expect(withoutRequestId(theirs), label).toEqual(withoutRequestId(missing));
      expect(theirs.headers['content-type'], label).toBe(missing.headers['content-type']);
      expect(await deniedOf(asB.account.id, a.id), label).toBe(denied + 1);
      expect(await rowOf(a.id), label).toEqual(before);
    }
  });

  it('refuses a patient writing with someone else’s ids in the body, and writes nothing', async () => {
    const [total] = await t.database.db.select({ n: count() }).from(patients);
    const [beforeA, beforeB] = [await rowOf(a.id), await rowOf(b.id)];
    const payloads = [
      { id: a.id },
      { patientId: a.id },
      { id: a.id, fullName: 'Swapped' },
      { registeredAtLocationId: randomUUID() },
    ];
    for (const payload of payloads) {
      const own = await inject({
        method: 'PATCH',
        url: `/api/v1/patients/${b.id}`,
        headers: asB.headers,
        payload,
      });
      expect(own.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const create = await inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: asB.headers,
      payload: { fullName: 'A Twin', dateOfBirth: '1980-01-01', sex: 'other', locationId: a.id },
    });
    expect(create.statusCode).toBe(403);
    expect(await t.database.db.select({ n: count() }).from(patients)).toEqual([total]);
    expect([await rowOf(a.id), await rowOf(b.id)]).toEqual([beforeA, beforeB]);
  });

  it('marks every response with patient data `cache-control: no-store`', async () => {
    const calls: InjectOptions[] = [
      { url: '/api/v1/me', headers: asA.headers },
      { url: `/api/v1/patients/${a.id}`, headers: asA.headers },
      {
        method: 'PATCH',
        url: `/api/v1/patients/${a.id}`,
        headers: asA.headers,
        payload: { phone: '+44 20 7946 0000' },
      },
      { url: `/api/v1/patients?q=${encodeURIComponent(a.fullName)}`, headers: desk.headers },
      {
        method: 'POST',
        url: '/api/v1/patients',
        headers: desk.headers,
        payload: { fullName: 'Walk In', dateOfBirth: '2020-02-29', sex: 'unknown', locationId },
      },
    ];
    for (const options of calls) {
      const response = await inject(options);
      expect(response.statusCode, options.url as string).toBeLessThan(300);
      expect(response.headers['cache-control'], options.url as string).toBe('no-store');
    }
  });

  it('never answers with a password hash, token hash or token version', async () => {
    for (const url of ['/api/v1/accounts', `/api/v1/accounts/${asA.account.id}`, '/api/v1/me']) {
      const response = await inject({ url, headers: t.asAdmin });
      expect(response.statusCode, url).toBe(200);
    }
    expect(bodies.length).toBeGreaterThan(10);
    for (const word of FORBIDDEN_IN_RESPONSES) {
      expect(bodies.filter((text) => text.includes(word))).toEqual([]);
    }
  });
});
