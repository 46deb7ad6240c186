import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, body, createTestApp, type TestApp } from '../../../test/support/app.js';
import { makeDoctor, makeLocation, makeSpecialty } from '../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('specialties over HTTP', () => {
  it('creates, reads, renames and lists a specialty', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: t.asAdmin,
      payload: { name: 'Dermatology', description: 'Skin' },
    });
    expect(created.statusCode).toBe(201);
    const specialty = body<{ id: string; name: string }>(created);
    expect(created.headers.location).toBe(`/api/v1/specialties/${specialty.id}`);

    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/specialties/${specialty.id}`,
      headers: t.asAdmin,
      payload: { name: 'Dermatology & Venereology' },
    });
    expect(body(renamed)).toMatchObject({ name: 'Dermatology & Venereology', description: 'Skin' });

    const listed = await t.app.inject({ url: '/api/v1/specialties?q=venereology' });
    expect(body<{ items: { id: string }[] }>(listed).items.map((s) => s.id)).toEqual([
      specialty.id,
    ]);
  });

  it('refuses a second specialty with the same name in another case', async () => {
    await makeSpecialty(t.database.db, { name: 'Neurology' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: t.asAdmin,
      payload: { name: 'NEUROLOGY' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body(response)).toMatchObject({ status: 409, code: 'specialty-name-taken' });
  });

  it('answers 409 when deleting a specialty doctors still belong to, and deletes an unused one', async () => {
    const used = await makeSpecialty(t.database.db);
    const location = await makeLocation(t.database.db);
    await makeDoctor(t.database.db, { locationId: location.id, specialtyId: used.id });
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/specialties/${used.id}`,
      headers: t.asAdmin,
    });
    expect(refused.statusCode).toBe(409);
    expect(body(refused)).toMatchObject({ code: 'still-referenced' });

    const unused = await makeSpecialty(t.database.db);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/specialties/${unused.id}`,
      headers: t.asAdmin,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({ url: `/api/v1/specialties/${unused.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('hides deactivated specialties from the default list but still serves them by id', async () => {
    const specialty = await makeSpecialty(t.database.db, { active: false });
    const list = body<{ items: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/specialties?limit=100' }),
    );
    expect(list.items.some((s) => s.id === specialty.id)).toBe(false);
    const inactive = body<{ items: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/specialties?status=inactive&limit=100' }),
    );
    expect(inactive.items.map((s) => s.id)).toContain(specialty.id);
    const one = await t.app.inject({ url: `/api/v1/specialties/${specialty.id}` });
    expect(body(one)).toMatchObject({ active: false });
  });

  it('pages through every specialty exactly once with the cursor', async () => {
    for (let i = 6; i >= 0; i--) await makeSpecialty(t.database.db, { name: `Paged ${i}` });
    const items = await allPages<{ name: string }>(t.app, '/api/v1/specialties?q=Paged&limit=3');
    const seen = items.map((s) => s.name);
    expect(seen).toEqual([
      'Paged 0',
      'Paged 1',
      'Paged 2',
      'Paged 3',
      'Paged 4',
      'Paged 5',
      'Paged 6',
    ]);
  });
});
