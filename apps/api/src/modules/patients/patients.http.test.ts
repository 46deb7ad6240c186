import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, body, createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  makeBooking,
  makeDiagnostic,
  makeDiagnosticLocation,
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
} from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import { auditEvents, bookings, patients } from '../../db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Problem {
  status: number;
  code: string;
  errors?: { path: string; message: string }[];
}
interface Page {
  items: { id: string; fullName: string }[];
  nextCursor: string | null;
}
const profile = { fullName: 'Ada Quill', dateOfBirth: '1979-03-14', sex: 'female' };
const paths = (response: LightMyRequestResponse) =>
  (body<Problem>(response).errors ?? []).map((e) => e.path);
const rowOf = async (id: string) =>
  (await t.database.db.select().from(patients).where(eq(patients.id, id)))[0];

async function deskAt() {
  const location = await makeLocation(t.database.db);
  const staff = await makeAccount(t.database.db, t.tokens, 'staff', { locationIds: [location.id] });
  return { location, staff };
}

describe('GET /me', () => {
  it('shows a patient their account and profile, and audits the read', async () => {
    const patient = await makePatient(t.database.db);
    const me = await makeAccount(t.database.db, t.tokens, 'patient', { patientId: patient.id });
    const response = await t.app.inject({ url: '/api/v1/me', headers: me.headers });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({
      accountId: me.account.id,
      role: 'patient',
      patientId: patient.id,
      doctorId: null,
      locationIds: [],
      patient: { id: patient.id, fullName: patient.fullName, dateOfBirth: '1985-06-15' },
    });
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, response.headers['x-request-id'] as string));
    expect(events).toMatchObject([{ action: 'patient.read', patientId: patient.id }]);
  });

  it('shows staff their locations and no patient', async () => {
    const { location, staff } = await deskAt();
    const response = await t.app.inject({ url: '/api/v1/me', headers: staff.headers });
    expect(body(response)).toEqual({
      accountId: staff.account.id,
      role: 'staff',
      patientId: null,
      doctorId: null,
      locationIds: [location.id],
      patient: null,
    });
  });
});

describe('POST /patients', () => {
  it('registers a patient at the desk’s location', async () => {
    const { location, staff } = await deskAt();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: staff.headers,
      payload: { ...profile, phone: '+49 30 1234', locationId: location.id },
    });
    expect(response.statusCode).toBe(201);
    const created = body<{ id: string }>(response);
    expect(response.headers.location).toBe(`/api/v1/patients/${created.id}`);
    expect(created).toMatchObject({ ...profile, email: null, registeredAtLocationId: location.id });
    const read = await t.app.inject({
      url: `/api/v1/patients/${created.id}`,
      headers: staff.headers,
    });
    expect(read.statusCode).toBe(200);
  });

  it('refuses another location, existing or not, with one answer naming locationId', async () => {
    const { staff } = await deskAt();
    const other = await makeLocation(t.database.db);
    const answers = [];
    for (const locationId of [other.id, randomUUID()]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/patients',
        headers: staff.headers,
        payload: { ...profile, fullName: 'Nowhere Registered', locationId },
      });
      expect(response.statusCode).toBe(422);
      expect(paths(response)).toEqual(['/body/locationId']);
      const { requestId: _, ...rest } = body(response);
      answers.push(rest);
    }
    expect(answers[0]).toEqual(answers[1]);
    const written = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.fullName, 'Nowhere Registered'));
    expect(written).toEqual([]);
  });
});

describe('validation', () => {
  it('refuses a date of birth in the future, naming the field', async () => {
    const { location, staff } = await deskAt();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: staff.headers,
      payload: { ...profile, dateOfBirth: '2999-01-01', locationId: location.id },
    });
    expect(response.statusCode).toBe(422);
    expect(body(response)).toMatchObject({ code: 'invalid-date-of-birth' });
    expect(paths(response)).toEqual(['/body/dateOfBirth']);
  });

  it('refuses impossible dates, unknown sexes and unknown fields with 400 per field', async () => {
    const { location, staff } = await deskAt();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: staff.headers,
      payload: {
        ...profile,
        dateOfBirth: '1990-02-30',
        sex: 'x',
        nickname: 'A',
        locationId: location.id,
      },
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual(
      expect.arrayContaining(['/body/dateOfBirth', '/body/sex', '/body/nickname']),
    );
  });

  it('refuses server-owned fields in a PATCH with 400 and leaves the row unchanged', async () => {
    const patient = await makePatient(t.database.db);
    const me = await makeAccount(t.database.db, t.tokens, 'patient', { patientId: patient.id });
    const before = await rowOf(patient.id);
    const owned = {
      id: randomUUID(),
      role: 'admin',
      registeredAtLocationId: randomUUID(),
      createdAt: '2000-01-01T00:00:00Z',
    };
    for (const [field, value] of Object.entries(owned)) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/patients/${patient.id}`,
        headers: me.headers,
        payload: { fullName: 'Renamed', [field]: value },
      });
      expect(response.statusCode, field).toBe(400);
      expect(paths(response), field).toEqual([`/body/${field}`]);
    }
    const empty = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${patient.id}`,
      headers: me.headers,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(await rowOf(patient.id)).toEqual(before);
  });

  it('lets a patient correct their own profile and clear a contact field', async () => {
    const patient = await makePatient(t.database.db);
    const me = await makeAccount(t.database.db, t.tokens, 'patient', { patientId: patient.id });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${patient.id}`,
      headers: me.headers,
      payload: { fullName: 'Corrected Name', email: null, sex: 'other' },
    });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ fullName: 'Corrected Name', email: null, sex: 'other' });
  });
});

describe('staff scope', () => {
  it('reaches patients registered at the staff’s locations only', async () => {
    const x = await deskAt();
    const y = await makeLocation(t.database.db);
    const atX = await makePatient(t.database.db, { registeredAtLocationId: x.location.id });
    const atY = await makePatient(t.database.db, { registeredAtLocationId: y.id });
    const call = (id: string, method: 'GET' | 'PATCH' = 'GET') =>
      t.app.inject({
        method,
        url: `/api/v1/patients/${id}`,
        headers: x.staff.headers,
        ...(method === 'PATCH' ? { payload: { phone: '+1 555 0100' } } : {}),
      });
    expect((await call(atX.id)).statusCode).toBe(200);
    expect((await call(atX.id, 'PATCH')).statusCode).toBe(200);
    expect((await call(atY.id)).statusCode).toBe(404);
    expect((await call(atY.id, 'PATCH')).statusCode).toBe(404);
    expect((await rowOf(atY.id))?.phone).toBe(atY.phone);
  });

  it('follows a change of the staff’s locations on the next request with the same token', async () => {
    const x = await deskAt();
    const y = await makeLocation(t.database.db);
    const atY = await makePatient(t.database.db, { registeredAtLocationId: y.id });
    const read = () =>
      t.app.inject({ url: `/api/v1/patients/${atY.id}`, headers: x.staff.headers });
    const move = (locationIds: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/accounts/${x.staff.account.id}/locations`,
        headers: t.asAdmin,
        payload: { locationIds },
      });
    expect((await read()).statusCode).toBe(404);
    expect((await move([y.id])).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(200);
    expect((await move([x.location.id])).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(404);
  });
});

describe('GET /patients', () => {
  it('searches the staff’s locations only, by name and date of birth, page by page', async () => {
    const x = await deskAt();
    const elsewhere = await makeLocation(t.database.db);
    const tag = randomUUID().slice(0, 8);
    for (let i = 0; i < 5; i++) {
      await makePatient(t.database.db, {
        fullName: `Search ${tag} ${i}`,
        registeredAtLocationId: x.location.id,
      });
    }
    await makePatient(t.database.db, {
      fullName: `Search ${tag} far`,
      registeredAtLocationId: elsewhere.id,
    });
    await makePatient(t.database.db, {
      fullName: `Search ${tag} born`,
      dateOfBirth: '2001-02-03',
      registeredAtLocationId: x.location.id,
    });
    const items = await allPages<{ fullName: string }>(t.app, `/api/v1/patients?q=${tag}&limit=2`, {
      headers: x.staff.headers,
    });
    const names = items.map((p) => p.fullName);
    expect(names).toEqual(
      [...[0, 1, 2, 3, 4].map((i) => `Search ${tag} ${i}`), `Search ${tag} born`].sort(),
    );
    const born = await t.app.inject({
      url: `/api/v1/patients?q=${tag}&dateOfBirth=2001-02-03`,
      headers: x.staff.headers,
    });
    expect(body<Page>(born).items.map((p) => p.fullName)).toEqual([`Search ${tag} born`]);
  });

  it('refuses filters that would widen the scope, here and on single-record routes', async () => {
    const x = await deskAt();
    const mine = await makePatient(t.database.db, { registeredAtLocationId: x.location.id });
    const urls = [
      `/api/v1/patients?locationId=${randomUUID()}`,
      `/api/v1/patients?patientId=${randomUUID()}`,
      `/api/v1/patients/${mine.id}?patientId=${randomUUID()}`,
      `/api/v1/me?patientId=${randomUUID()}`,
    ];
    for (const url of urls) {
      const response = await t.app.inject({ url, headers: x.staff.headers });
      expect(response.statusCode, url).toBe(400);
      expect(paths(response), url).toHaveLength(1);
    }
  });
});

describe('scope through bookings', () => {
  const bookWith = async (
    patientId: string,
    values: { locationId: string; doctorId?: string; status?: string },
  ) => {
    const startAt = new Date('2026-12-01T09:00:00Z');
    return makeBooking(t.database.db, {
      patientId,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      ...values,
    });
  };

  it('lets a doctor reach a patient booked with them, and not one whose hold expired', async () => {
    const location = await makeLocation(t.database.db);
    const specialty = await makeSpecialty(t.database.db);
    const doctor = await makeDoctor(t.database.db, {
      locationId: location.id,
      specialtyId: specialty.id,
    });
    const account = await makeAccount(t.database.db, t.tokens, 'doctor', { doctorId: doctor.id });
    const [booked, neverBooked, heldOnly] = [
      await makePatient(t.database.db),
      await makePatient(t.database.db),
      await makePatient(t.database.db),
    ];
    await bookWith(booked.id, { locationId: location.id, doctorId: doctor.id });
    await bookWith(heldOnly.id, {
      locationId: location.id,
      doctorId: doctor.id,
      status: 'expired',
    });
    const status = async (id: string) =>
      (await t.app.inject({ url: `/api/v1/patients/${id}`, headers: account.headers })).statusCode;
    expect(await status(booked.id)).toBe(200);
    expect(await status(neverBooked.id)).toBe(404);
    expect(await status(heldOnly.id)).toBe(404);
  });

  it('lets staff reach a patient registered elsewhere once booked at their location', async () => {
    const { location, staff } = await deskAt();
    const elsewhere = await makeLocation(t.database.db);
    const patient = await makePatient(t.database.db, { registeredAtLocationId: elsewhere.id });
    const get = () =>
      t.app.inject({ url: `/api/v1/patients/${patient.id}`, headers: staff.headers });
    expect((await get()).statusCode).toBe(404);
    const diagnostic = await makeDiagnostic(t.database.db);
    const offering = await makeDiagnosticLocation(t.database.db, {
      diagnosticId: diagnostic.id,
      locationId: location.id,
    });
    await t.database.db.insert(bookings).values({
      patientId: patient.id,
      locationId: location.id,
      diagnosticLocationId: offering.id,
      capacityUnit: 1,
      startAt: new Date('2026-12-02T09:00:00Z'),
      endAt: new Date('2026-12-02T09:30:00Z'),
      status: 'booked',
      price: '50.00',
      currency: 'EUR',
    });
    expect((await get()).statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/patients?limit=100', headers: staff.headers });
    expect(body<Page>(list).items.map((p) => p.id)).toContain(patient.id);
  });
});
