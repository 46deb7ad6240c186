import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPages,
  body,
  createTestApp,
  expectProblem,
  type TestApp,
} from '../../../test/support/app.js';
import {
  makeDiagnostic,
  makeDiagnosticLocation,
  makeLocation,
} from '../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (payload: object, headers: Record<string, string> = t.asAdmin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/diagnostics', headers, payload });

const patch = (id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/diagnostics/${id}`, headers: t.asAdmin, payload });

describe('diagnostics over HTTP', () => {
  it('creates, reads, updates and lists a diagnostic', async () => {
    const created = await post({
      name: 'Abdominal ultrasound',
      preparation: 'Do not eat for 6 hours',
      durationMinutes: 30,
    });
    expect(created.statusCode).toBe(201);
    const diagnostic = body<{ id: string }>(created);
    expect(created.headers.location).toBe(`/api/v1/diagnostics/${diagnostic.id}`);
    expect(diagnostic).toMatchObject({
      name: 'Abdominal ultrasound',
      description: null,
      preparation: 'Do not eat for 6 hours',
      durationMinutes: 30,
      active: true,
    });

    const updated = await patch(diagnostic.id, { durationMinutes: 45, description: 'Organs' });
    expect(updated.statusCode).toBe(200);
    expect(body(updated)).toMatchObject({ durationMinutes: 45, description: 'Organs' });

    const read = await t.app.inject({ url: `/api/v1/diagnostics/${diagnostic.id}` });
    expect(body(read)).toMatchObject({ name: 'Abdominal ultrasound', durationMinutes: 45 });

    const listed = await t.app.inject({ url: '/api/v1/diagnostics?q=ULTRASOUND' });
    expect(body<{ items: { id: string }[] }>(listed).items.map((d) => d.id)).toEqual([
      diagnostic.id,
    ]);
  });

  it('answers 401 to writes without credentials', async () => {
    const diagnostic = await makeDiagnostic(t.database.db);
    const responses = [
      await post({ name: 'Anonymous MRI', durationMinutes: 30 }, {}),
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/diagnostics/${diagnostic.id}`,
        payload: { active: false },
      }),
      await t.app.inject({ method: 'DELETE', url: `/api/v1/diagnostics/${diagnostic.id}` }),
    ];
    for (const response of responses) {
      expect(expectProblem(response, 401)).toMatchObject({ code: 'unauthenticated' });
    }
    expect(body(await t.app.inject({ url: `/api/v1/diagnostics/${diagnostic.id}` }))).toMatchObject(
      { active: true },
    );
  });

  it('names each invalid field', async () => {
    const invalid = expectProblem(await post({ name: '', durationMinutes: 3, colour: 'red' }), 400);
    expect(invalid.code).toBe('validation-failed');
    expect(invalid.errors?.map((e) => e.path).sort()).toEqual([
      '/body/colour',
      '/body/durationMinutes',
      '/body/name',
    ]);

    const tooLong = expectProblem(await post({ name: 'x'.repeat(129), durationMinutes: 30 }), 400);
    expect(tooLong.errors).toEqual([{ path: '/body/name', message: expect.any(String) }]);

    const diagnostic = await makeDiagnostic(t.database.db);
    const empty = expectProblem(await patch(diagnostic.id, {}), 400);
    expect(empty.code).toBe('validation-failed');
    const tooSlow = expectProblem(await patch(diagnostic.id, { durationMinutes: 481 }), 400);
    expect(tooSlow.errors?.[0]?.path).toBe('/body/durationMinutes');
  });

  it('refuses a name already taken in another case, on create and on rename', async () => {
    await makeDiagnostic(t.database.db, { name: 'Chest X-ray' });
    const created = expectProblem(await post({ name: 'CHEST X-RAY', durationMinutes: 10 }), 409);
    expect(created).toMatchObject({
      code: 'diagnostic-name-taken',
      errors: [{ path: '/body/name', message: expect.any(String) }],
    });

    const other = await makeDiagnostic(t.database.db);
    const renamed = expectProblem(await patch(other.id, { name: 'chest x-ray' }), 409);
    expect(renamed.code).toBe('diagnostic-name-taken');
  });

  it('answers 404 for an unknown diagnostic', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    expect(expectProblem(await t.app.inject({ url: `/api/v1/diagnostics/${id}` }), 404).code).toBe(
      'not-found',
    );
    expect(expectProblem(await patch(id, { active: false }), 404).code).toBe('not-found');
    expect(expectProblem(await t.app.inject({ url: '/api/v1/diagnostics/nope' }), 400).code).toBe(
      'validation-failed',
    );
  });

  it('answers 409 when deleting a diagnostic a location offers, and deletes an unused one', async () => {
    const offered = await makeDiagnostic(t.database.db);
    const location = await makeLocation(t.database.db);
    await makeDiagnosticLocation(t.database.db, {
      diagnosticId: offered.id,
      locationId: location.id,
    });
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/diagnostics/${offered.id}`,
      headers: t.asAdmin,
    });
    expect(expectProblem(refused, 409).code).toBe('still-referenced');

    const unused = await makeDiagnostic(t.database.db);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/diagnostics/${unused.id}`,
      headers: t.asAdmin,
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const gone = await t.app.inject({ url: `/api/v1/diagnostics/${unused.id}` });
    expect(expectProblem(gone, 404).code).toBe('not-found');
  });

  it('hides a deactivated diagnostic from the default list but still serves it by id', async () => {
    const diagnostic = await makeDiagnostic(t.database.db);
    const deactivated = await patch(diagnostic.id, { active: false });
    expect(body(deactivated)).toMatchObject({ active: false });

    const ids = async (query: string) =>
      body<{ items: { id: string }[] }>(
        await t.app.inject({ url: `/api/v1/diagnostics?limit=100${query}` }),
      ).items.map((d) => d.id);
    expect(await ids('')).not.toContain(diagnostic.id);
    expect(await ids('&status=inactive')).toContain(diagnostic.id);
    expect(await ids('&status=all')).toContain(diagnostic.id);
    const one = await t.app.inject({ url: `/api/v1/diagnostics/${diagnostic.id}` });
    expect(body(one)).toMatchObject({ active: false });
  });

  it('pages through every diagnostic exactly once with the cursor', async () => {
    for (let i = 6; i >= 0; i--) await makeDiagnostic(t.database.db, { name: `Paged ${i}` });
    const items = await allPages<{ name: string }>(t.app, '/api/v1/diagnostics?q=Paged&limit=3');
    const seen = items.map((d) => d.name);
    expect(seen).toEqual([
      'Paged 0',
      'Paged 1',
      'Paged 2',
      'Paged 3',
      'Paged 4',
      'Paged 5',
      'Paged 6',
    ]);

    const foreign = await t.app.inject({ url: '/api/v1/diagnostics?cursor=bm90LWEtY3Vyc29y' });
    expect(expectProblem(foreign, 400)).toMatchObject({
      code: 'invalid-cursor',
      errors: [{ path: '/query/cursor', message: expect.any(String) }],
    });
  });
});
