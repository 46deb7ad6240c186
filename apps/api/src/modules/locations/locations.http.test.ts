import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, body, createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  makeDiagnostic,
  makeDiagnosticLocation,
  makeDoctor,
  makeLocation,
  makeSpecialty,
  makeWorkingHours,
} from '../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/locations', headers: t.asAdmin, payload });

const clinic = (overrides: object = {}) => ({
  name: `Clinic ${Math.random().toString(36).slice(2, 8)}`,
  address: 'Unter den Linden 1, Berlin',
  phone: '+49 30 1234567',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  ...overrides,
});

describe('locations over HTTP', () => {
  it('creates a location with its working hours, returned sorted, overnight interval included', async () => {
    const response = await post(
      clinic({
        timeZone: 'america/new_york',
        currency: 'USD',
        workingHours: [
          { weekday: 5, opensAt: '18:00', closesAt: '02:00' },
          { weekday: 1, opensAt: '13:00', closesAt: '18:00' },
          { weekday: 1, opensAt: '08:00', closesAt: '12:00' },
        ],
      }),
    );
    expect(response.statusCode).toBe(201);
    const location = body<{ id: string; timeZone: string; workingHours: unknown[] }>(response);
    expect(location.timeZone).toBe('America/New_York');
    expect(location.workingHours).toEqual([
      { weekday: 1, opensAt: '08:00', closesAt: '12:00' },
      { weekday: 1, opensAt: '13:00', closesAt: '18:00' },
      { weekday: 5, opensAt: '18:00', closesAt: '02:00' },
    ]);
    const fetched = await t.app.inject({ url: `/api/v1/locations/${location.id}` });
    expect(body(fetched)).toEqual(location);
  });

  it('refuses an unknown time zone or a fixed offset with 422 naming the field', async () => {
    for (const timeZone of ['Mars/Olympus', '+02:00']) {
      const response = await post(clinic({ timeZone }));
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body(response)).toMatchObject({
        status: 422,
        code: 'unknown-time-zone',
        errors: [{ path: '/body/timeZone' }],
      });
    }
  });

  it('refuses overlapping intervals and writes nothing', async () => {
    const name = `Overlap ${Date.now()}`;
    const response = await post(
      clinic({
        name,
        workingHours: [
          { weekday: 2, opensAt: '08:00', closesAt: '12:00' },
          { weekday: 2, opensAt: '11:00', closesAt: '15:00' },
        ],
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(body(response)).toMatchObject({
      code: 'overlapping-hours',
      errors: [{ path: '/body/workingHours/1' }],
    });
    const list = body<{ items: unknown[] }>(
      await t.app.inject({ url: `/api/v1/locations?q=${encodeURIComponent(name)}` }),
    );
    expect(list.items).toEqual([]);
  });

  it('rejects malformed times and weekdays with the field path', async () => {
    const response = await post(
      clinic({ workingHours: [{ weekday: 8, opensAt: '25:00', closesAt: '9:00' }] }),
    );
    expect(response.statusCode).toBe(400);
    const paths = body<{ errors: { path: string }[] }>(response).errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/body/workingHours/0/weekday',
        '/body/workingHours/0/opensAt',
        '/body/workingHours/0/closesAt',
      ]),
    );
  });

  it('replaces the whole week of working hours at once; an empty week means closed', async () => {
    const location = await makeLocation(t.database.db);
    await makeWorkingHours(t.database.db, location.id, [[1, '09:00', '17:00']]);
    const replaced = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/locations/${location.id}/working-hours`,
      headers: t.asAdmin,
      payload: { workingHours: [{ weekday: 6, opensAt: '09:00', closesAt: '13:00' }] },
    });
    expect(replaced.statusCode).toBe(200);
    expect(body(replaced)).toMatchObject({
      workingHours: [{ weekday: 6, opensAt: '09:00', closesAt: '13:00' }],
    });
    const closed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/locations/${location.id}/working-hours`,
      headers: t.asAdmin,
      payload: { workingHours: [] },
    });
    expect(body(closed)).toMatchObject({ workingHours: [] });
  });

  it('refuses an empty interval (opening = closing) with 422 naming it, not a 500', async () => {
    const location = await makeLocation(t.database.db);
    const response = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/locations/${location.id}/working-hours`,
      headers: t.asAdmin,
      payload: { workingHours: [{ weekday: 2, opensAt: '09:00', closesAt: '09:00' }] },
    });
    expect(response.statusCode).toBe(422);
    expect(body(response)).toMatchObject({
      code: 'empty-interval',
      errors: [{ path: '/body/workingHours/0' }],
    });
  });

  it('answers 404 for working hours of a missing location', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/locations/0190b2c4-0000-7000-8000-000000000000/working-hours',
      headers: t.asAdmin,
      payload: { workingHours: [] },
    });
    expect(response.statusCode).toBe(404);
  });

  it('updates the time zone to its canonical name and deactivates', async () => {
    const location = await makeLocation(t.database.db);
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/locations/${location.id}`,
      headers: t.asAdmin,
      payload: { timeZone: 'asia/kolkata', active: false },
    });
    expect(body(response)).toMatchObject({ timeZone: 'Asia/Kolkata', active: false });
  });

  it('answers 409 when deleting a location doctors or diagnostics still use', async () => {
    const specialty = await makeSpecialty(t.database.db);
    const withDoctor = await makeLocation(t.database.db);
    await makeDoctor(t.database.db, { locationId: withDoctor.id, specialtyId: specialty.id });
    const withDiagnostic = await makeLocation(t.database.db);
    const diagnostic = await makeDiagnostic(t.database.db);
    await makeDiagnosticLocation(t.database.db, {
      diagnosticId: diagnostic.id,
      locationId: withDiagnostic.id,
    });
    for (const location of [withDoctor, withDiagnostic]) {
      const response = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/locations/${location.id}`,
        headers: t.asAdmin,
      });
      expect(response.statusCode).toBe(409);
      expect(body(response)).toMatchObject({ code: 'still-referenced' });
    }
  });

  it('deletes an unused location together with its working hours', async () => {
    const location = await makeLocation(t.database.db);
    await makeWorkingHours(t.database.db, location.id, [[1, '09:00', '17:00']]);
    const response = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/locations/${location.id}`,
      headers: t.asAdmin,
    });
    expect(response.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/locations/${location.id}` })).statusCode).toBe(404);
  });

  it('lists with working hours, filtered by name or address, paging once through each', async () => {
    const tag = `Paging-${Date.now()}`;
    for (let i = 4; i >= 0; i--) {
      const location = await makeLocation(t.database.db, { name: `${tag} ${i}` });
      await makeWorkingHours(t.database.db, location.id, [[i + 1, '08:00', '12:00']]);
    }
    const items = await allPages<{ name: string; workingHours: { weekday: number }[] }>(
      t.app,
      `/api/v1/locations?q=${tag}&limit=2`,
    );
    for (const item of items) expect(item.workingHours).toHaveLength(1);
    const names = items.map((item) => item.name);
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
  });
});
