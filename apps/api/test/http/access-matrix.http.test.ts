import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, doctorRatings, visitNotes } from '../../src/db/schema/index.js';
import type { AccessPolicy } from '../../src/http/access.js';
import type { Role } from '../../src/shared/actor.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinic,
  makePatientAccount,
  slotAt,
} from '../support/booking-fixtures.js';
import { PNG } from '../support/document-fixtures.js';
import { makeBooking, makePrescription } from '../support/factories.js';
import { headersFor, makeAccount } from '../support/identities.js';
import { prescriptionBody } from '../support/prescription-fixtures.js';
import { finalReport, makeLabBooking } from '../support/result-fixtures.js';

// Item 5 of SECURITY.md: every registered route, called by every role, answers what its policy
// says. The routes are collected as the app registers them, so a new route is in the matrix the
// moment it exists. A route that holds patient data must also state its object rule in
// OBJECT_RULES below (the test fails until it does); each admitted call of such a route must
// then leave exactly one audit event. Item 32: a caller such a route refuses by role (403) leaves
// exactly one `denied` event naming them; an anonymous caller (401) and every refusal on another
// route leave none.

// Calls that got past every onRequest hook (access control included): the policy let them
// through, whatever the handler answers afterwards (a handler's own 401 too).
const passed = new Set<string>();
const recordPassing = (app: FastifyInstance) => {
  app.addHook('preParsing', async (request, _reply, payload) => {
    passed.add(String(request.headers['x-matrix-call']));
    return payload;
  });
};

const CALLERS = ['anonymous', 'patientA', 'patientB', 'doctor', 'staffOther', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const ROLE_OF: Record<Caller, Role | null> = {
  anonymous: null,
  patientA: 'patient',
  patientB: 'patient',
  doctor: 'doctor',
  staffOther: 'staff',
  admin: 'admin',
};

interface Fixtures {
  patientA: string;
  patientAAccount: string;
  staffTarget: string;
  /** Where the staff caller works: neither patient is registered there. */
  staffHome: string;
  /** A doctor where the patients are registered (not the doctor caller), and where they book. */
  doctorA: string;
  locationA: string;
  /** Patient A's bookings with doctorA, one per route that changes one. */
  bookingA: { read: string; cancel: string; hold: string; move: string; staffOnly: string };
  /** Patient A's completed visits with doctorA: one to rate, one rated (`rating`). */
  visitA: { unrated: string; rated: string; rating: string };
  /** Free slot starts of doctorA, after BOOKING_NOW (the app's clock). */
  slots: { book: string; move: string };
  /** A local date for the day lists. */
  day: string;
  /** A patient of the clinic with an account, for the erasure route (nobody else is erased). */
  patientToErase: string;
  /** Patient A's checked-in visits with doctorA: one without a note, one with `note`. */
  visit: { bare: string; noted: string; note: string };
  /** Patient A's checked-in visit with doctorA, and a prescription doctorA wrote in it. */
  prescribedVisitA: string;
  prescriptionA: string;
  /** A released diagnostic report of patient A's (a checked-in lab booking of theirs). */
  reportA: string;
}
/** A concrete call of a route and the status each caller its policy admits must get. */
interface ObjectRule {
  url: string;
  payload?: object;
  expect: Partial<Record<Caller, number>>;
  /** Callers whose call reads no patient data, so leaves no audit event (else exactly one). */
  unaudited?: Caller[];
}

// Patient A and B registered at one location; the staff caller works at another; the doctor
// caller has no bookings with them (A's bookings are with doctorA): so only A reaches A's
// records, and admin, by policy, nobody's. Callers run in CALLERS order, A before the others.
const OBJECT_RULES: Record<string, (f: Fixtures) => ObjectRule> = {
  'GET /api/v1/me': () => ({
    url: '/api/v1/me',
    expect: { patientA: 200, patientB: 200, doctor: 200, staffOther: 200, admin: 200 },
    unaudited: ['doctor', 'staffOther', 'admin'],
  }),
  'POST /api/v1/patients': (f) => ({
    url: '/api/v1/patients',
    payload: { fullName: 'Desk', dateOfBirth: '1990-01-01', sex: 'other', locationId: f.staffHome },
    expect: { staffOther: 201 },
  }),
  'GET /api/v1/patients': () => ({ url: '/api/v1/patients', expect: { staffOther: 200 } }),
  'GET /api/v1/patients/:id': (f) => ({
    url: `/api/v1/patients/${f.patientA}`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'PATCH /api/v1/patients/:id': (f) => ({
    url: `/api/v1/patients/${f.patientA}`,
    payload: { phone: '+49 30 5550101' },
    expect: { patientA: 200, patientB: 404, staffOther: 404 },
  }),
  'GET /api/v1/bookings': () => ({
    url: '/api/v1/bookings',
    expect: { patientA: 200, patientB: 200, doctor: 200, staffOther: 200 },
  }),
  'GET /api/v1/bookings/:id': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.read}`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/patients/:id/bookings': (f) => ({
    url: `/api/v1/patients/${f.patientA}/bookings`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/doctors/:id/bookings': (f) => ({
    url: `/api/v1/doctors/${f.doctorA}/bookings?date=${f.day}`,
    expect: { doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/locations/:id/bookings': (f) => ({
    url: `/api/v1/locations/${f.locationA}/bookings?date=${f.day}`,
    expect: { staffOther: 404 },
  }),
  'POST /api/v1/bookings': (f) => ({
    url: '/api/v1/bookings',
    payload: { doctorId: f.doctorA, startAt: f.slots.book },
    // B asks for the slot A has just taken; staff must name a patient, refused before any data.
    expect: { patientA: 201, patientB: 409, staffOther: 422 },
    unaudited: ['staffOther'],
  }),
  'POST /api/v1/bookings/:id/confirm': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.hold}/confirm`,
    payload: { version: 0 },
    expect: { patientA: 200, patientB: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/reschedule': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.move}/reschedule`,
    payload: { version: 0, startAt: f.slots.move },
    expect: { patientA: 200, patientB: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/cancel': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.cancel}/cancel`,
    payload: { version: 0 },
    expect: { patientA: 200, patientB: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/check-in': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.staffOnly}/check-in`,
    payload: { version: 0 },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/complete': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.staffOnly}/complete`,
    payload: { version: 0 },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/no-show': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.staffOnly}/no-show`,
    payload: { version: 0 },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/patients/:id/record': (f) => ({
    url: `/api/v1/patients/${f.patientA}/record`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/patients/:id/erase': (f) => ({
    url: `/api/v1/patients/${f.patientToErase}/erase`,
    expect: { admin: 200 },
  }),
  'POST /api/v1/bookings/:id/visit-note': (f) => ({
    url: `/api/v1/bookings/${f.visit.bare}/visit-note`,
    payload: { note: 'Matrix note' },
    expect: { doctor: 404 },
  }),
  'GET /api/v1/bookings/:id/visit-note': (f) => ({
    url: `/api/v1/bookings/${f.visit.noted}/visit-note`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/visit-notes/:id': (f) => ({
    url: `/api/v1/visit-notes/${f.visit.note}`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/visit-notes/:id/history': (f) => ({
    url: `/api/v1/visit-notes/${f.visit.note}/history`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/visit-notes/:id/revisions': (f) => ({
    url: `/api/v1/visit-notes/${f.visit.note}/revisions`,
    payload: { revision: 1, reason: 'Matrix', note: 'Matrix note', diagnoses: [] },
    expect: { doctor: 404 },
  }),
  'POST /api/v1/bookings/:id/rating': (f) => ({
    url: `/api/v1/bookings/${f.visitA.unrated}/rating`,
    payload: { stars: 4 },
    expect: { patientA: 201, patientB: 404 },
  }),
  'GET /api/v1/bookings/:id/rating': (f) => ({
    url: `/api/v1/bookings/${f.visitA.rated}/rating`,
    expect: { patientA: 200, patientB: 404, staffOther: 404 },
  }),
  'PATCH /api/v1/ratings/:id': (f) => ({
    url: `/api/v1/ratings/${f.visitA.rating}`,
    payload: { version: 0, stars: 2 },
    expect: { patientA: 200, patientB: 404 },
  }),
  'POST /api/v1/ratings/:id/hide': (f) => ({
    url: `/api/v1/ratings/${f.visitA.rating}/hide`,
    expect: { staffOther: 404 },
  }),
  'POST /api/v1/ratings/:id/unhide': (f) => ({
    url: `/api/v1/ratings/${f.visitA.rating}/unhide`,
    expect: { staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/prescriptions': (f) => ({
    url: `/api/v1/bookings/${f.prescribedVisitA}/prescriptions`,
    payload: prescriptionBody(),
    expect: { doctor: 404 },
  }),
  'GET /api/v1/bookings/:id/prescriptions': (f) => ({
    url: `/api/v1/bookings/${f.prescribedVisitA}/prescriptions`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/prescriptions/:id': (f) => ({
    url: `/api/v1/prescriptions/${f.prescriptionA}`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/prescriptions/:id/history': (f) => ({
    url: `/api/v1/prescriptions/${f.prescriptionA}/history`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/prescriptions/:id/revisions': (f) => ({
    url: `/api/v1/prescriptions/${f.prescriptionA}/revisions`,
    payload: {
      revision: 1,
      reason: 'matrix',
      ...prescriptionBody(),
      validFrom: '2027-03-01',
      validUntil: '2027-04-01',
    },
    expect: { doctor: 404 },
  }),
  'POST /api/v1/prescriptions/:id/status': (f) => ({
    url: `/api/v1/prescriptions/${f.prescriptionA}/status`,
    payload: { revision: 1, status: 'on-hold', reason: 'matrix' },
    expect: { doctor: 404 },
  }),
  'GET /api/v1/patients/:id/prescriptions': (f) => ({
    url: `/api/v1/patients/${f.patientA}/prescriptions`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/bookings/:id/results': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.read}/results`,
    payload: finalReport(),
    expect: { doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/bookings/:id/results': (f) => ({
    url: `/api/v1/bookings/${f.bookingA.read}/results`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/patients/:id/results': (f) => ({
    url: `/api/v1/patients/${f.patientA}/results`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/results/:id': (f) => ({
    url: `/api/v1/results/${f.reportA}`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/results/:id/history': (f) => ({
    url: `/api/v1/results/${f.reportA}/history`,
    expect: { patientA: 200, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/results/:id/revisions': (f) => ({
    url: `/api/v1/results/${f.reportA}/revisions`,
    payload: { ...finalReport(), revision: 1, status: 'amended', reason: 'Matrix' },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/results/:id/release': (f) => ({
    url: `/api/v1/results/${f.reportA}/release`,
    payload: { revision: 1 },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/results/:id/acknowledge-critical': (f) => ({
    url: `/api/v1/results/${f.reportA}/acknowledge-critical`,
    payload: { revision: 1 },
    expect: { doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/me/critical-results': () => ({
    url: '/api/v1/me/critical-results',
    expect: { doctor: 200, staffOther: 200 },
  }),
  'POST /api/v1/accounts': () => ({
    url: '/api/v1/accounts',
    payload: {
      email: `matrix-${randomUUID()}@example.test`,
      password: 'correct horse battery staple matrix',
      role: 'admin',
    },
    expect: { admin: 201 },
  }),
  'GET /api/v1/accounts': () => ({ url: '/api/v1/accounts', expect: { admin: 200 } }),
  'GET /api/v1/accounts/:id': (f) => ({
    url: `/api/v1/accounts/${f.patientAAccount}`,
    expect: { admin: 200 },
  }),
  'PATCH /api/v1/accounts/:id': (f) => ({
    url: `/api/v1/accounts/${f.staffTarget}`,
    payload: { disabled: false },
    expect: { admin: 200 },
  }),
  'PUT /api/v1/accounts/:id/locations': (f) => ({
    url: `/api/v1/accounts/${f.staffTarget}/locations`,
    payload: { locationIds: [f.staffHome] },
    expect: { admin: 200 },
  }),
  // Documents: the matrix has no reports, so these ids name none (the module's own tests and the
  // isolation suite use real ones); every admitted caller is answered 404 and audited denied.
  'POST /api/v1/results/:id/documents': () => ({
    url: `/api/v1/results/${randomUUID()}/documents`,
    payload: PNG,
    expect: { doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/documents/:id': () => ({
    url: `/api/v1/documents/${randomUUID()}`,
    expect: { patientA: 404, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'GET /api/v1/documents/:id/content': () => ({
    url: `/api/v1/documents/${randomUUID()}/content`,
    expect: { patientA: 404, patientB: 404, doctor: 404, staffOther: 404 },
  }),
  'POST /api/v1/imports/result-documents': (f) => ({
    url: `/api/v1/imports/result-documents?patientId=${f.patientA}&locationId=${f.locationA}&title=Imported&resultDate=2024-01-02`,
    payload: PNG,
    expect: { admin: 201 },
  }),
};

// Routes holding patient data declare it (`config.patientData`); one whose path or tag says it
// holds patient data must, and the matrix refuses either without an object rule above.
// (Resource names of the clinical modules to come are listed so their first route is caught.)
const PATIENT_DATA_PATHS =
  /^\/api\/v1\/(me$|(patients|accounts|bookings|prescriptions|results|orders|visit-notes|documents|imports\/result-documents|ratings)(\/|$))/;
const PATIENT_DATA_TAGS = ['patients', 'accounts', 'bookings', 'visits'];

const looksLikePatientData = (route: RouteOptions) =>
  PATIENT_DATA_PATHS.test(route.url) ||
  ((route.schema?.tags as string[] | undefined) ?? []).some((t) => PATIENT_DATA_TAGS.includes(t));
const holdsPatientData = (route: RouteOptions) =>
  route.config?.patientData !== undefined || looksLikePatientData(route);
const methodsOf = (route: RouteOptions) => [route.method].flat() as HTTPMethods[];
/** HEAD routes are Fastify's copies of GET routes: they follow the GET route's rule. */
const ruleKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;
/** A concrete URL for a route without a rule: every `:param` a fresh UUID, a wildcard a word. */
const concrete = (url: string) =>
  url.replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*/g, 'any') || '/';

/** The `:id` of a concrete URL of the route, or null. */
function idIn(routeUrl: string, url: string): string | null {
  const at = routeUrl.split('/').indexOf(':id');
  return at < 0 ? null : (url.split('?')[0]!.split('/')[at] ?? null);
}

/** 401 or 403 when the policy refuses the caller; null when it lets them through. */
function refusal(access: AccessPolicy, caller: Caller): 401 | 403 | null {
  if ('public' in access) return null;
  const role = ROLE_OF[caller];
  if (!role) return 401;
  return access.roles.includes(role) ? null : 403;
}

let t: TestApp;
let fixtures: Fixtures;
let routes: RouteOptions[];
const accountOf: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  t = await createTestApp({ extend: recordPassing, clock: () => BOOKING_NOW });
  routes = [...t.app.registeredRoutes()];
  const db = t.database.db;
  // doctorA works where A and B are registered, every day 08:00–18:00 (Berlin).
  const clinic = await makeClinic(db, t.tokens);
  const made = {
    patientA: clinic.patientA,
    patientB: clinic.patientB,
    doctor: await makeAccount(db, t.tokens, 'doctor'),
    staffOther: clinic.staffElsewhere,
    admin: await makeAccount(db, t.tokens, 'admin'),
  };
  for (const [caller, account] of Object.entries(made)) {
    accountOf[caller as Caller] = account.account.id;
  }
  const bookingOfA = async (days: number, time: string, held = false) => {
    const startAt = new Date(slotAt(clinic, days, time));
    const row = await makeBooking(db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      doctorId: clinic.doctor.id,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      ...(held
        ? { status: 'held', holdExpiresAt: new Date(BOOKING_NOW.getTime() + 3_600_000) }
        : { status: 'booked' }),
    });
    return row.id;
  };
  const visitOfA = async (days: number) => {
    const startAt = new Date(slotAt(clinic, days, '09:00'));
    const row = await makeBooking(db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      doctorId: clinic.doctor.id,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      status: 'completed',
    });
    return row;
  };
  const rated = await visitOfA(-2);
  const [rating] = await db
    .insert(doctorRatings)
    .values({
      doctorId: rated.doctorId!,
      locationId: rated.locationId,
      source: 'verified',
      bookingId: rated.id,
      patientId: rated.patientId,
      stars: 3,
      comment: 'Fine',
      ratedAt: BOOKING_NOW,
    })
    .returning();
  const prescribedVisitA = await makeBooking(db, {
    patientId: clinic.patientA.patient.id,
    locationId: clinic.location.id,
    doctorId: clinic.doctor.id,
    startAt: new Date(slotAt(clinic, -1, '14:00')),
    endAt: new Date(new Date(slotAt(clinic, -1, '14:00')).getTime() + 30 * 60_000),
    status: 'checked_in',
  });
  const prescriptionA = await makePrescription(
    db,
    prescribedVisitA,
    clinic.doctorAccount.account.id,
  );
  fixtures = {
    prescribedVisitA: prescribedVisitA.id,
    prescriptionA: prescriptionA.id,
    visitA: { unrated: (await visitOfA(-1)).id, rated: rated.id, rating: rating!.id },
    patientA: clinic.patientA.patient.id,
    patientAAccount: clinic.patientA.account.id,
    staffTarget: clinic.staff.account.id,
    staffHome: clinic.elsewhere.id,
    doctorA: clinic.doctor.id,
    locationA: clinic.location.id,
    bookingA: {
      read: await bookingOfA(3, '09:00'),
      cancel: await bookingOfA(3, '10:00'),
      hold: await bookingOfA(3, '11:00', true),
      move: await bookingOfA(3, '12:00'),
      staffOnly: await bookingOfA(3, '13:00'),
    },
    slots: { book: slotAt(clinic, 4, '09:00'), move: slotAt(clinic, 4, '12:00') },
    day: slotAt(clinic, 3, '00:00').slice(0, 10),
    patientToErase: (await makePatientAccount(db, t.tokens, clinic.location.id)).patient.id,
    visit: await visitsOfA(db, clinic),
    reportA: await releasedReport(clinic),
  };
});

/** Two past checked-in visits of patient A with doctorA, the second with a note by doctorA. */
async function visitsOfA(db: TestApp['database']['db'], clinic: Clinic) {
  const visit = async (time: string) => {
    const startAt = new Date(slotAt(clinic, -3, time));
    const row = await makeBooking(db, {
      patientId: clinic.patientA.patient.id,
      locationId: clinic.location.id,
      doctorId: clinic.doctor.id,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      status: 'checked_in',
    });
    return row.id;
  };
  const [bare, noted] = [await visit('09:00'), await visit('10:00')];
  const note = randomUUID();
  await db.insert(visitNotes).values({
    id: note,
    lineageId: note,
    revision: 1,
    bookingId: noted,
    patientId: clinic.patientA.patient.id,
    doctorId: clinic.doctor.id,
    locationId: clinic.location.id,
    note: 'Matrix note',
    diagnoses: [],
    authorAccountId: clinic.doctorAccount.account.id,
  });
  return { bare, noted, note };
}

/** A report of patient A's, written and released by the staff of A's location. */
async function releasedReport(clinic: Clinic): Promise<string> {
  const lab = await makeLabBooking(
    t.database.db,
    clinic,
    clinic.patientA,
    slotAt(clinic, -1, '16:00'),
  );
  const headers = clinic.staff.headers;
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${lab.id}/results`,
    headers,
    payload: finalReport('7'),
  });
  const { id } = JSON.parse(created.body) as { id: string };
  const released = await t.app.inject({
    method: 'POST',
    url: `/api/v1/results/${id}/release`,
    headers,
    payload: { revision: 1 },
  });
  expect(released.statusCode).toBe(200);
  return id;
}
afterAll(() => t.close());

/** Signs a token for the caller's account as it is now, so a route that ends sessions (sign-out,
 * password change) does not turn the rest of the matrix into 401s. */
async function headersOf(caller: Caller): Promise<Record<string, string>> {
  const id = accountOf[caller];
  if (!id) return {};
  const [account] = await t.database.db.select().from(accounts).where(eq(accounts.id, id));
  return headersFor(t.tokens, account!);
}

let calls = 0;
async function call(caller: Caller, method: HTTPMethods, url: string, payload?: object) {
  const id = `matrix-${++calls}`;
  const headers = { ...(await headersOf(caller)), 'x-matrix-call': id };
  const response = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const status = response.statusCode;
  // A 429 from a route's rate limit also stops before parsing: only a 401/403 there is the policy.
  const gated = !passed.has(id) && (status === 401 || status === 403);
  const rows = await t.database.db
    .select({
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      patientId: auditEvents.patientId,
      outcome: auditEvents.outcome,
      ip: auditEvents.ip,
    })
    .from(auditEvents)
    // The server's id of this request, as the trail records it (SECURITY.md item 32).
    .where(eq(auditEvents.requestId, String(response.headers['x-request-id'])));
  return { status, passed: !gated, events: rows.length, rows };
}

/** What is wrong with the audit of a policy's refusal, or null (item 32 of SECURITY.md). */
function checkRefusalAudit(
  route: RouteOptions,
  caller: Caller,
  refused: 401 | 403,
  url: string,
  rows: Awaited<ReturnType<typeof call>>['rows'],
): string | null {
  const data = route.config!.patientData;
  if (refused === 401 || !data) {
    return rows.length === 0 ? null : `${rows.length} audit events for a ${refused}, expected none`;
  }
  if (rows.length !== 1) return `${rows.length} audit events for a 403, expected one denied`;
  const id = idIn(route.url, url);
  const expected = {
    actorId: accountOf[caller] ?? null,
    actorRole: ROLE_OF[caller],
    action: data.action,
    resourceType: data.resourceType,
    resourceId: data.idIs?.includes('resourceId') ? id : null,
    patientId: data.idIs?.includes('patientId') ? id : null,
    outcome: 'denied',
    ip: '127.0.0.1',
  };
  return JSON.stringify(rows[0]) === JSON.stringify(expected)
    ? null
    : `denied event ${JSON.stringify(rows[0])}, expected ${JSON.stringify(expected)}`;
}

/** What is wrong with one route for one caller, or null. */
async function check(route: RouteOptions, method: HTTPMethods, caller: Caller) {
  const rule = OBJECT_RULES[ruleKey(method, route.url)]?.(fixtures);
  const label = `${method} ${route.url} as ${caller}`;
  const url = rule?.url ?? concrete(route.url);
  const { status, passed, events, rows } = await call(caller, method, url, rule?.payload);
  const refused = refusal(route.config!.access!, caller);
  if (refused !== null) {
    if (passed || status !== refused) return `${label}: ${status}, policy says ${refused}`;
    const audit = checkRefusalAudit(route, caller, refused, url, rows);
    return audit && `${label}: ${audit}`;
  }
  if (!passed) return `${label}: refused with ${status}, the policy admits ${caller}`;
  if (!rule) return null;
  const expected = rule.expect[caller];
  if (expected === undefined) return `${label}: ${status}, OBJECT_RULES gives no status`;
  if (status !== expected) return `${label}: ${status}, OBJECT_RULES says ${expected}`;
  const audited = rule.unaudited?.includes(caller) ? 0 : 1;
  return events === audited ? null : `${label}: ${events} audit events, expected ${audited}`;
}

describe('the role × route matrix', () => {
  it('collects the routes of every module, the patient data ones included', () => {
    const urls = routes.map((route) => route.url);
    expect(urls).toEqual(expect.arrayContaining(['/api/v1/specialties', '/api/v1/patients/:id']));
  });

  it('has every route whose path or tag says it holds patient data declare it', () => {
    const undeclared = routes
      .filter((route) => looksLikePatientData(route) && !route.config?.patientData)
      .flatMap((route) => methodsOf(route).map((method) => `${method} ${route.url}`));
    expect(undeclared, 'give these routes config.patientData').toEqual([]);
  });

  it('has an object rule for every route that holds patient data', () => {
    const missing = routes
      .filter(holdsPatientData)
      .flatMap((route) => methodsOf(route).map((method) => ruleKey(method, route.url)))
      .filter((key) => !OBJECT_RULES[key]);
    expect([...new Set(missing)], 'state these routes’ rules in OBJECT_RULES').toEqual([]);
  });

  it('answers every route for every caller as its policy and object rule say', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const method of methodsOf(route)) {
        for (const caller of CALLERS) {
          checked++;
          const problem = await check(route, method, caller);
          if (problem) wrong.push(problem);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(CALLERS.length * Object.keys(OBJECT_RULES).length);
  });

  it('has rules that do not contradict their routes’ policies', () => {
    const contradictions = routes.flatMap((route) =>
      methodsOf(route).flatMap((method) => {
        const rule = OBJECT_RULES[ruleKey(method, route.url)]?.(fixtures);
        return CALLERS.filter(
          (caller) => rule?.expect[caller] !== undefined && refusal(route.config!.access!, caller),
        ).map((caller) => `${method} ${route.url} as ${caller}`);
      }),
    );
    expect(contradictions).toEqual([]);
  });
});
