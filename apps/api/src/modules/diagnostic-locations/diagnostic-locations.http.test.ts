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

interface Offering {
  id: string;
  diagnostic: { id: string; name: string };
  location: { id: string };
  price: string;
  currency: string;
}
interface OfferingPage {
  items: Offering[];
  nextCursor: string | null;
}

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (payload: object, headers: Record<string, string> = t.asAdmin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/diagnostic-locations', headers, payload });

const patch = (id: string, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/diagnostic-locations/${id}`,
    headers: t.asAdmin,
    payload,
  });

const list = async (query: string) =>
  body<OfferingPage>(await t.app.inject({ url: `/api/v1/diagnostic-locations?${query}` }));

async function makePair() {
  const diagnostic = await makeDiagnostic(t.database.db);
  const location = await makeLocation(t.database.db);
  return { diagnostic, location, refs: { diagnosticId: diagnostic.id, locationId: location.id } };
}

describe('diagnostic locations over HTTP', () => {
  it('offers a diagnostic at a location, then reads and updates the offering', async () => {
    const diagnostic = await makeDiagnostic(t.database.db, {
      name: 'Holter monitoring',
      durationMinutes: 15,
      preparation: 'Shower beforehand',
    });
    const location = await makeLocation(t.database.db, {
      name: 'Zurich Centre',
      address: '5 Bahnhofstrasse',
      timeZone: 'Europe/Zurich',
      currency: 'CHF',
    });
    const created = await post({
      diagnosticId: diagnostic.id,
      locationId: location.id,
      price: '50',
    });
    expect(created.statusCode).toBe(201);
    const offering = body<Offering>(created);
    expect(created.headers.location).toBe(`/api/v1/diagnostic-locations/${offering.id}`);
    expect(offering).toMatchObject({
      diagnostic: {
        id: diagnostic.id,
        name: 'Holter monitoring',
        durationMinutes: 15,
        preparation: 'Shower beforehand',
      },
      location: { id: location.id, name: 'Zurich Centre', timeZone: 'Europe/Zurich' },
      price: '50.00',
      currency: 'CHF',
      capacity: 1,
      active: true,
    });

    const updated = await patch(offering.id, { price: '1234.5', capacity: 3, active: false });
    expect(updated.statusCode).toBe(200);
    expect(body(updated)).toMatchObject({ price: '1234.50', capacity: 3, active: false });

    const read = await t.app.inject({ url: `/api/v1/diagnostic-locations/${offering.id}` });
    expect(body(read)).toMatchObject({
      price: '1234.50',
      location: { address: '5 Bahnhofstrasse' },
      diagnostic: { preparation: 'Shower beforehand' },
    });
  });

  it('deletes an offering, which is then gone', async () => {
    const { refs } = await makePair();
    const offering = await makeDiagnosticLocation(t.database.db, refs);
    const url = `/api/v1/diagnostic-locations/${offering.id}`;
    const deleted = await t.app.inject({ method: 'DELETE', url, headers: t.asAdmin });
    expect(deleted.statusCode).toBe(204);
    expect(expectProblem(await t.app.inject({ url }), 404).code).toBe('not-found');
    const again = await t.app.inject({ method: 'DELETE', url, headers: t.asAdmin });
    expect(expectProblem(again, 404).code).toBe('not-found');
  });

  it('answers 401 to writes without credentials', async () => {
    const { refs } = await makePair();
    const offering = await makeDiagnosticLocation(t.database.db, refs);
    const url = `/api/v1/diagnostic-locations/${offering.id}`;
    const responses = [
      await post({ ...refs, price: '10.00' }, {}),
      await t.app.inject({ method: 'PATCH', url, payload: { price: '0.00' } }),
      await t.app.inject({ method: 'DELETE', url }),
    ];
    for (const response of responses) {
      expect(expectProblem(response, 401)).toMatchObject({ code: 'unauthenticated' });
    }
    expect(body(await t.app.inject({ url }))).toMatchObject({ price: '50.00' });
  });

  it('names each invalid field', async () => {
    const { refs } = await makePair();
    const paths = async (payload: object) =>
      expectProblem(await post(payload), 400)
        .errors?.map((e) => e.path)
        .sort();
    expect(await paths({ ...refs, price: 50 })).toEqual(['/body/price']);
    expect(await paths({ ...refs, price: '12.345' })).toEqual(['/body/price']);
    expect(await paths({ ...refs, price: '-1.00' })).toEqual(['/body/price']);
    expect(await paths({ ...refs, price: '10.00', capacity: 0 })).toEqual(['/body/capacity']);
    expect(await paths({ ...refs, price: '10.00', capacity: 101 })).toEqual(['/body/capacity']);
    expect(await paths({ ...refs, price: '10.00', currency: 'EUR' })).toEqual(['/body/currency']);
    expect(await paths({ diagnosticId: 'x', price: '10.00' })).toEqual([
      '/body/diagnosticId',
      '/body/locationId',
    ]);

    const offering = await makeDiagnosticLocation(t.database.db, refs);
    const moved = expectProblem(await patch(offering.id, { locationId: refs.locationId }), 400);
    expect(moved).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/body/locationId' }],
    });
    expect(expectProblem(await patch(offering.id, {}), 400).code).toBe('validation-failed');
  });

  it('answers 422 naming the field when the diagnostic or location does not exist', async () => {
    const { refs } = await makePair();
    const noDiagnostic = expectProblem(
      await post({ ...refs, diagnosticId: UNKNOWN_ID, price: '1' }),
      422,
    );
    expect(noDiagnostic).toMatchObject({
      code: 'invalid-reference',
      errors: [{ path: '/body/diagnosticId', message: expect.any(String) }],
    });
    const noLocation = expectProblem(
      await post({ ...refs, locationId: UNKNOWN_ID, price: '1' }),
      422,
    );
    expect(noLocation).toMatchObject({
      code: 'invalid-reference',
      errors: [{ path: '/body/locationId', message: expect.any(String) }],
    });
  });

  it('refuses to offer the same diagnostic twice at one location', async () => {
    const { refs } = await makePair();
    expect((await post({ ...refs, price: '10.00' })).statusCode).toBe(201);
    const twice = expectProblem(await post({ ...refs, price: '20.00', capacity: 2 }), 409);
    expect(twice.code).toBe('diagnostic-already-offered');
    expect((await list(`locationId=${refs.locationId}`)).items).toHaveLength(1);
  });

  it('filters by diagnostic and location, and lists only bookable offerings by default', async () => {
    const { diagnostic, location, refs } = await makePair();
    const elsewhere = await makeLocation(t.database.db, { currency: 'USD' });
    const other = await makeDiagnostic(t.database.db);
    const here = await makeDiagnosticLocation(t.database.db, refs);
    const there = await makeDiagnosticLocation(t.database.db, {
      diagnosticId: diagnostic.id,
      locationId: elsewhere.id,
    });
    const off = await makeDiagnosticLocation(
      t.database.db,
      { diagnosticId: other.id, locationId: location.id },
      { active: false },
    );
    const ids = async (query: string) => (await list(query)).items.map((o) => o.id).sort();

    const byDiagnostic = await list(`diagnosticId=${diagnostic.id}`);
    expect(byDiagnostic.items.map((o) => [o.id, o.currency]).sort()).toEqual(
      [
        [here.id, 'EUR'],
        [there.id, 'USD'],
      ].sort(),
    );
    expect(await ids(`locationId=${location.id}`)).toEqual([here.id]);
    expect(await ids(`locationId=${location.id}&status=inactive`)).toEqual([off.id]);
    expect(await ids(`locationId=${location.id}&status=all`)).toEqual([here.id, off.id].sort());
    expect(await ids(`diagnosticId=${diagnostic.id}&locationId=${elsewhere.id}`)).toEqual([
      there.id,
    ]);

    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/diagnostics/${diagnostic.id}`,
      headers: t.asAdmin,
      payload: { active: false },
    });
    expect(await ids(`diagnosticId=${diagnostic.id}`)).toEqual([]);
    expect(await ids(`diagnosticId=${diagnostic.id}&status=inactive`)).toEqual(
      [here.id, there.id].sort(),
    );
  });

  it('pages through every offering exactly once, ordered by diagnostic name', async () => {
    const location = await makeLocation(t.database.db);
    const names = ['Scan C', 'Scan A', 'Scan B', 'Scan A2', 'Scan E', 'Scan D', 'Scan F'];
    for (const name of names) {
      const diagnostic = await makeDiagnostic(t.database.db, { name });
      await makeDiagnosticLocation(t.database.db, {
        diagnosticId: diagnostic.id,
        locationId: location.id,
      });
    }
    const offerings = await allPages<OfferingPage['items'][number]>(
      t.app,
      `/api/v1/diagnostic-locations?locationId=${location.id}&limit=3`,
      { check: (page) => expect(page.items.length).toBeLessThanOrEqual(3) },
    );
    const seen = offerings.map((o) => o.diagnostic.name);
    expect(seen).toEqual([...names].sort());
  });
});
