import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, body, createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
} from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { accounts, auditEvents } from '../../db/schema/index.js';
import type { Role } from '../../shared/actor.js';

let t: TestApp;
let admin: TestAccount;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeAccount(t.database.db, t.tokens, 'admin');
});
afterAll(() => t.close());

interface AccountPage {
  items: { id: string; role: string }[];
  nextCursor: string | null;
}

const PASSWORD = 'violet harbour lantern 1987 quietly';
const email = () => `Person-${randomUUID().slice(0, 8)}@Example.test`;
const paths = (response: LightMyRequestResponse) =>
  (body<{ errors?: { path: string }[] }>(response).errors ?? []).map((e) => e.path);

const post = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin.headers, payload });
const patch = (id: string, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/accounts/${id}`,
    headers: admin.headers,
    payload,
  });
const me = (headers: { authorization: string }) => t.app.inject({ url: '/api/v1/me', headers });

async function newDoctor() {
  const specialty = await makeSpecialty(t.database.db);
  const location = await makeLocation(t.database.db);
  return makeDoctor(t.database.db, { specialtyId: specialty.id, locationId: location.id });
}
const account = (role: Role, options = {}) => makeAccount(t.database.db, t.tokens, role, options);
const actionsFor = async (id: string) =>
  (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, id))).map(
    (e) => `${e.action} ${e.outcome}`,
  );

describe('POST /accounts', () => {
  it('creates a staff account with its locations, hashing the password and never showing it', async () => {
    const location = await makeLocation(t.database.db);
    const address = email();
    const response = await post({
      email: address,
      password: PASSWORD,
      role: 'staff',
      locationIds: [location.id],
    });
    expect(response.statusCode).toBe(201);
    const created = body<{ id: string }>(response);
    expect(response.headers.location).toBe(`/api/v1/accounts/${created.id}`);
    expect(created).toEqual({
      id: created.id,
      email: address.toLowerCase(),
      role: 'staff',
      patientId: null,
      doctorId: null,
      locationIds: [location.id],
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = await t.database.db.select().from(accounts).where(eq(accounts.id, created.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await actionsFor(created.id)).toEqual(['account.create success']);
  });

  it('links a doctor account to its doctor profile, once', async () => {
    const doctor = await newDoctor();
    const first = await post({
      email: email(),
      password: PASSWORD,
      role: 'doctor',
      doctorId: doctor.id,
    });
    expect(first.statusCode).toBe(201);
    expect(body(first)).toMatchObject({ role: 'doctor', doctorId: doctor.id });
    const again = await post({
      email: email(),
      password: PASSWORD,
      role: 'doctor',
      doctorId: doctor.id,
    });
    expect(again.statusCode).toBe(409);
    expect(body(again)).toMatchObject({ code: 'doctor-linked' });
  });

  it('refuses a taken e-mail in any letter case with 409', async () => {
    const address = email();
    expect((await post({ email: address, password: PASSWORD, role: 'admin' })).statusCode).toBe(
      201,
    );
    const again = await post({ email: address.toUpperCase(), password: PASSWORD, role: 'admin' });
    expect(again.statusCode).toBe(409);
    expect(body(again)).toMatchObject({ code: 'email-taken' });
  });

  it('refuses patients, missing or misplaced links, and unknown references with 422 per field', async () => {
    const doctor = await newDoctor();
    const cases: [object, string[]][] = [
      [{ role: 'patient' }, ['/body/role']],
      [{ role: 'doctor' }, ['/body/doctorId']],
      [{ role: 'staff' }, ['/body/locationIds']],
      [
        { role: 'admin', doctorId: doctor.id, locationIds: [randomUUID()] },
        ['/body/doctorId', '/body/locationIds'],
      ],
      [{ role: 'staff', locationIds: [randomUUID()] }, ['/body/locationIds']],
      [{ role: 'doctor', doctorId: randomUUID() }, ['/body/doctorId']],
    ];
    for (const [fields, expected] of cases) {
      const response = await post({ email: email(), password: PASSWORD, ...fields });
      expect(response.statusCode, JSON.stringify(fields)).toBe(422);
      expect(paths(response), JSON.stringify(fields)).toEqual(expected);
    }
  });

  it('refuses a weak password, or one made of the e-mail, naming the field', async () => {
    for (const password of ['short', 'password1234', 'jane.doe.clinic@example.test']) {
      const response = await post({
        email: 'jane.doe.clinic@example.test',
        password,
        role: 'admin',
      });
      expect(response.statusCode, password).toBe(422);
      expect(paths(response)).toEqual(['/body/password']);
    }
  });

  it('refuses server-owned fields with 400', async () => {
    const response = await post({
      email: email(),
      password: PASSWORD,
      role: 'admin',
      id: randomUUID(),
      tokenVersion: 7,
      passwordHash: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual(['/body/id', '/body/tokenVersion', '/body/passwordHash']);
  });
});

describe('GET /accounts', () => {
  it('lists accounts of one role, page by page, and shows one', async () => {
    for (let i = 0; i < 3; i++) await account('doctor');
    const items = await allPages<AccountPage['items'][number]>(
      t.app,
      '/api/v1/accounts?role=doctor&limit=2',
      {
        headers: admin.headers,
        check: (page) => expect(page.items.every((item) => item.role === 'doctor')).toBe(true),
      },
    );
    const seen = items.map((item) => item.id);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    const one = await t.app.inject({ url: `/api/v1/accounts/${seen[0]}`, headers: admin.headers });
    expect(body(one)).toMatchObject({ id: seen[0], role: 'doctor' });
    const none = await t.app.inject({
      url: `/api/v1/accounts/${randomUUID()}`,
      headers: admin.headers,
    });
    expect(none.statusCode).toBe(404);
  });
});

describe('PATCH /accounts/:id', () => {
  it('changes a role, ending the account’s sessions at once', async () => {
    const location = await makeLocation(t.database.db);
    const staff = await account('staff', { locationIds: [location.id] });
    expect((await me(staff.headers)).statusCode).toBe(200);
    const response = await patch(staff.account.id, { role: 'admin' });
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ role: 'admin', locationIds: [] });
    expect((await me(staff.headers)).statusCode).toBe(401);
    expect(await actionsFor(staff.account.id)).toEqual(['account.role-change success']);
  });

  it('disables an account, ending its sessions; enabling it does not revive them', async () => {
    const staff = await account('staff');
    const disabled = await patch(staff.account.id, { disabled: true });
    expect(body(disabled)).toMatchObject({ disabled: true });
    expect((await me(staff.headers)).statusCode).toBe(401);
    expect(body(await patch(staff.account.id, { disabled: false }))).toMatchObject({
      disabled: false,
    });
    expect((await me(staff.headers)).statusCode).toBe(401);
    expect(await actionsFor(staff.account.id)).toEqual([
      'account.disable success',
      'account.enable success',
    ]);
  });

  it('makes a doctor only with a doctor profile', async () => {
    const staff = await account('staff');
    const without = await patch(staff.account.id, { role: 'doctor' });
    expect(without.statusCode).toBe(422);
    expect(paths(without)).toEqual(['/body/doctorId']);
    const doctor = await newDoctor();
    const linked = await patch(staff.account.id, { role: 'doctor', doctorId: doctor.id });
    expect(body(linked)).toMatchObject({ role: 'doctor', doctorId: doctor.id });
    const misplaced = await patch(staff.account.id, { role: 'admin', doctorId: doctor.id });
    expect(misplaced.statusCode).toBe(422);
  });

  it('keeps patients patients: no account becomes one, and theirs stays one', async () => {
    const staff = await account('staff');
    const patient = await account('patient', { patientId: (await makePatient(t.database.db)).id });
    expect((await patch(staff.account.id, { role: 'patient' })).statusCode).toBe(422);
    expect((await patch(patient.account.id, { role: 'staff' })).statusCode).toBe(422);
  });

  it('does not let an admin demote or disable themselves, and changes nothing', async () => {
    for (const payload of [{ role: 'staff' }, { disabled: true }]) {
      const response = await patch(admin.account.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
    }
    expect(body(await me(admin.headers))).toMatchObject({ role: 'admin' });
    expect(await actionsFor(admin.account.id)).toEqual([
      'account.update failure',
      'account.update failure',
    ]);
  });

  it('refuses server-owned and unknown fields with 400', async () => {
    const staff = await account('staff');
    for (const payload of [
      { email: 'x@example.test' },
      { tokenVersion: 9 },
      { createdAt: 'now' },
      {},
    ]) {
      expect((await patch(staff.account.id, payload)).statusCode, JSON.stringify(payload)).toBe(
        400,
      );
    }
    expect((await me(staff.headers)).statusCode).toBe(200);
  });
});

describe('PUT /accounts/:id/locations', () => {
  it('replaces a staff account’s locations without ending its sessions', async () => {
    const [x, y] = [await makeLocation(t.database.db), await makeLocation(t.database.db)];
    const staff = await account('staff', { locationIds: [x.id] });
    const put = (id: string, locationIds: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/accounts/${id}/locations`,
        headers: admin.headers,
        payload: { locationIds },
      });
    expect(body(await put(staff.account.id, [y.id]))).toMatchObject({ locationIds: [y.id] });
    expect(body(await me(staff.headers))).toMatchObject({ locationIds: [y.id] });
    expect((await put(staff.account.id, [randomUUID()])).statusCode).toBe(422);
    expect((await put(staff.account.id, [])).statusCode).toBe(400);
    expect((await put(admin.account.id, [x.id])).statusCode).toBe(422);
  });
});
