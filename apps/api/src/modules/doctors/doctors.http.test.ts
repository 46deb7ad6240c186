import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPages,
  body,
  createTestApp,
  type ListPage,
  type TestApp,
} from '../../../test/support/app.js';
import { makeDoctor, makeLocation, makeSpecialty } from '../../../test/support/factories.js';

let t: TestApp;
const queries: string[] = [];
beforeAll(async () => {
  t = await createTestApp({ database: { onQuery: (sql) => queries.push(sql) } });
});
afterAll(() => t.close());

interface DoctorItem {
  id: string;
  fullName: string;
  price: string;
  currency: string;
  specialty: { id: string; name: string };
  location: { id: string; name: string; timeZone: string };
  ratingAvg: number | null;
  ratingCount: number;
}

async function directory() {
  const specialty = await makeSpecialty(t.database.db);
  const location = await makeLocation(t.database.db, {
    currency: 'GBP',
    timeZone: 'Europe/London',
  });
  return { specialty, location, refs: { specialtyId: specialty.id, locationId: location.id } };
}

const everyDoctor = (url: string) => allPages<DoctorItem>(t.app, url);

describe('doctors over HTTP', () => {
  it('adds a doctor with every profile field and serves the full profile', async () => {
    const { specialty, location, refs } = await directory();
    const payload = {
      ...refs,
      fullName: 'Dr. Amelia Hart',
      price: '1500.5',
      photoUrl: 'https://images.example/hart.jpg',
      experience: '12 years in interventional cardiology',
      certificates: 'FESC',
      services: 'ECG, stress test',
      appointmentMinutes: 20,
    };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/doctors',
      headers: t.asAdmin,
      payload,
    });
    expect(created.statusCode).toBe(201);
    const doctor = body<DoctorItem>(created);
    const profile = body(await t.app.inject({ url: `/api/v1/doctors/${doctor.id}` }));
    const { specialtyId: _s, locationId: _l, ...fields } = payload;
    expect(profile).not.toHaveProperty('specialtyId');
    expect(profile).toMatchObject({
      ...fields,
      price: '1500.50',
      currency: 'GBP',
      specialty: { id: specialty.id, name: specialty.name },
      location: { id: location.id, name: location.name, timeZone: 'Europe/London' },
      ratingAvg: null,
      ratingCount: 0,
      active: true,
    });
  });

  it('refuses a float price, an unknown field and a server-owned field', async () => {
    const { refs } = await directory();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/doctors',
      headers: t.asAdmin,
      payload: { ...refs, fullName: 'Dr. X', price: 12.5, ratingCount: 99, id: 'mine' },
    });
    expect(response.statusCode).toBe(400);
    const paths = body<{ errors: { path: string }[] }>(response).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/price', '/body/ratingCount', '/body/id']));
  });

  it('reports a bad photo URL as one error, on create and on update', async () => {
    const { refs } = await directory();
    const doctor = await makeDoctor(t.database.db, refs);
    const create = { ...refs, fullName: 'Dr. X', price: '10.00', photoUrl: 'ftp://photo' };
    for (const [method, url, payload] of [
      ['POST', '/api/v1/doctors', create],
      ['PATCH', `/api/v1/doctors/${doctor.id}`, { photoUrl: 'not a url' }],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: t.asAdmin, payload });
      expect(response.statusCode, method).toBe(400);
      expect(body(response).errors, method).toEqual([
        { path: '/body/photoUrl', message: 'must match pattern "^https?://"' },
      ]);
    }
    const wrongType = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/doctors/${doctor.id}`,
      headers: t.asAdmin,
      payload: { photoUrl: 42 },
    });
    expect(body(wrongType).errors).toEqual([
      { path: '/body/photoUrl', message: 'must be string or null' },
    ]);
  });

  it('refuses a missing specialty or location with 422 naming each field', async () => {
    const { refs } = await directory();
    const missing = '0190b2c4-0000-7000-8000-000000000000';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/doctors',
      headers: t.asAdmin,
      payload: {
        fullName: 'Dr. Nowhere',
        price: '10.00',
        specialtyId: missing,
        locationId: missing,
      },
    });
    expect(response.statusCode).toBe(422);
    expect(body(response)).toMatchObject({
      code: 'invalid-reference',
      errors: [{ path: '/body/specialtyId' }, { path: '/body/locationId' }],
    });
    const doctor = await makeDoctor(t.database.db, refs);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/doctors/${doctor.id}`,
      headers: t.asAdmin,
      payload: { locationId: missing },
    });
    expect(patch.statusCode).toBe(422);
  });

  it('staffs a location before it opens: its doctors are listed only once it is active', async () => {
    const { specialty } = await directory();
    const opening = await makeLocation(t.database.db, { active: false });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/doctors',
      headers: t.asAdmin,
      payload: {
        fullName: 'Dr. Early',
        price: '10.00',
        specialtyId: specialty.id,
        locationId: opening.id,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(await everyDoctor(`/api/v1/doctors?locationId=${opening.id}`)).toEqual([]);
    const hidden = await everyDoctor(`/api/v1/doctors?locationId=${opening.id}&status=inactive`);
    expect(hidden.map((d) => d.fullName)).toEqual(['Dr. Early']);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/locations/${opening.id}`,
      headers: t.asAdmin,
      payload: { active: true },
    });
    const listed = await everyDoctor(`/api/v1/doctors?locationId=${opening.id}`);
    expect(listed.map((d) => d.fullName)).toEqual(['Dr. Early']);
  });

  it('updates and deactivates; an inactive doctor leaves the default list', async () => {
    const { refs } = await directory();
    const doctor = await makeDoctor(t.database.db, refs);
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/doctors/${doctor.id}`,
      headers: t.asAdmin,
      payload: { price: '99.90', active: false },
    });
    expect(body(response)).toMatchObject({ price: '99.90', active: false });
    const listed = await everyDoctor(`/api/v1/doctors?locationId=${refs.locationId}`);
    expect(listed).toEqual([]);
    const all = await everyDoctor(`/api/v1/doctors?locationId=${refs.locationId}&status=all`);
    expect(all.map((d) => d.id)).toEqual([doctor.id]);
  });

  it('filters by specialty, location and free text over name and services', async () => {
    const a = await directory();
    const b = await directory();
    const cardio = await makeDoctor(t.database.db, a.refs, {
      fullName: 'Dr. Zed Quill',
      services: 'Holter monitoring',
    });
    await makeDoctor(t.database.db, b.refs, { fullName: 'Dr. Quill Other' });
    expect(
      (await everyDoctor(`/api/v1/doctors?specialtyId=${a.specialty.id}`)).map((d) => d.id),
    ).toEqual([cardio.id]);
    expect(
      (await everyDoctor(`/api/v1/doctors?locationId=${a.location.id}`)).map((d) => d.id),
    ).toEqual([cardio.id]);
    expect((await everyDoctor('/api/v1/doctors?q=holter')).map((d) => d.id)).toEqual([cardio.id]);
    expect((await everyDoctor('/api/v1/doctors?q=quill')).length).toBe(2);
    expect(await everyDoctor('/api/v1/doctors?q=%25')).toEqual([]); // a literal %, not a wildcard
  });

  it('pages through every doctor once in name, price and descending price order', async () => {
    const { refs } = await directory();
    const prices = ['30.00', '10.00', '20.00', '10.00', '40.00', '20.00', '5.00'];
    for (const [i, price] of prices.entries()) {
      await makeDoctor(t.database.db, refs, { fullName: `Dr. Page ${i}`, price });
    }
    const base = `/api/v1/doctors?locationId=${refs.locationId}&limit=2`;
    const byName = await everyDoctor(`${base}&sort=name`);
    expect(byName.map((d) => d.fullName)).toEqual(prices.map((_, i) => `Dr. Page ${i}`));
    const byPrice = (await everyDoctor(`${base}&sort=price`)).map((d) => d.price);
    expect(byPrice).toEqual([...prices].sort((x, y) => Number(x) - Number(y)));
    const byPriceDesc = await everyDoctor(`${base}&sort=-price`);
    expect(byPriceDesc.map((d) => d.price)).toEqual([...byPrice].reverse());
    expect(new Set(byPriceDesc.map((d) => d.id)).size).toBe(prices.length);
  });

  it('matches q against the specialty name too, its wildcards taken literally', async () => {
    const location = await makeLocation(t.database.db);
    const cardiology = await makeSpecialty(t.database.db, { name: `Cardiology ${location.id}` });
    const other = await makeSpecialty(t.database.db);
    const cardiologist = await makeDoctor(t.database.db, {
      specialtyId: cardiology.id,
      locationId: location.id,
    });
    await makeDoctor(t.database.db, { specialtyId: other.id, locationId: location.id });
    const base = `/api/v1/doctors?locationId=${location.id}`;
    expect((await everyDoctor(`${base}&q=cardio`)).map((d) => d.id)).toEqual([cardiologist.id]);
    expect((await everyDoctor(`${base}&q=CARDIO`)).map((d) => d.id)).toEqual([cardiologist.id]);
    expect(await everyDoctor(`${base}&q=card_o`)).toEqual([]); // a literal _, not a wildcard
  });

  it('never compares amounts across currencies, in either price direction, across pages', async () => {
    const specialty = await makeSpecialty(t.database.db);
    const at = async (currency: string) => (await makeLocation(t.database.db, { currency })).id;
    const clinics = { GBP: await at('GBP'), EUR: await at('EUR'), CHF: await at('CHF') };
    const offered: [keyof typeof clinics, string][] = [
      ['GBP', '40.00'],
      ['EUR', '55.00'],
      ['EUR', '80.00'],
      ['GBP', '80.00'],
      ['GBP', '80.00'],
      ['EUR', '120.00'],
      ['CHF', '30.00'],
    ];
    const made: { id: string; currency: string; price: string }[] = [];
    for (const [currency, price] of offered) {
      const doctor = await makeDoctor(
        t.database.db,
        { specialtyId: specialty.id, locationId: clinics[currency] },
        { price },
      );
      made.push({ id: doctor.id, currency, price });
    }
    const base = `/api/v1/doctors?specialtyId=${specialty.id}`;
    const shown = (items: { id: string; currency: string; price: string }[]) =>
      items.map((d) => `${d.currency} ${d.price} ${d.id}`);
    // Currency groups in code order both ways; amounts, then ids, up or down within a group.
    const expected = (direction: 1 | -1) =>
      shown(
        made.toSorted(
          (x, y) =>
            x.currency.localeCompare(y.currency) ||
            direction * (Number(x.price) - Number(y.price) || (x.id < y.id ? -1 : 1)),
        ),
      );
    for (const limit of [1, 2, 3]) {
      expect(shown(await everyDoctor(`${base}&sort=price&limit=${limit}`))).toEqual(expected(1));
      expect(shown(await everyDoctor(`${base}&sort=-price&limit=${limit}`))).toEqual(expected(-1));
    }
    const up = shown(await everyDoctor(`${base}&sort=price&limit=2`));
    expect(up.map((d) => d.slice(0, d.lastIndexOf(' ')))).toEqual(
      ['CHF 30', 'EUR 55', 'EUR 80', 'EUR 120', 'GBP 40', 'GBP 80', 'GBP 80'].map((p) => `${p}.00`),
    );
    const down = shown(await everyDoctor(`${base}&sort=-price&limit=2`));
    expect(down.map((d) => d.slice(0, d.lastIndexOf(' ')))).toEqual(
      ['CHF 30', 'EUR 120', 'EUR 80', 'EUR 55', 'GBP 80', 'GBP 80', 'GBP 40'].map((p) => `${p}.00`),
    );
  });

  it('refuses a cursor made for another sort order', async () => {
    const { refs } = await directory();
    await makeDoctor(t.database.db, refs);
    await makeDoctor(t.database.db, refs);
    const first = body<ListPage<DoctorItem>>(
      await t.app.inject({ url: `/api/v1/doctors?locationId=${refs.locationId}&limit=1` }),
    );
    const response = await t.app.inject({
      url: `/api/v1/doctors?locationId=${refs.locationId}&sort=price&cursor=${first.nextCursor}`,
    });
    expect(response.statusCode).toBe(400);
    expect(body(response)).toMatchObject({ code: 'invalid-cursor' });
  });

  it('reports the rating average and count the ratings module maintains', async () => {
    const { refs } = await directory();
    const doctor = await makeDoctor(t.database.db, refs, { ratingCount: 3, ratingSum: 13 });
    const [item] = await everyDoctor(`/api/v1/doctors?locationId=${refs.locationId}`);
    expect(item).toMatchObject({ id: doctor.id, ratingAvg: 4.33, ratingCount: 3 });
  });

  it('lists a page of doctors with one SQL query, however many doctors it holds', async () => {
    const { refs } = await directory();
    for (let i = 0; i < 25; i++) await makeDoctor(t.database.db, refs);
    queries.length = 0;
    const response = await t.app.inject({ url: '/api/v1/doctors?limit=100' });
    expect(body<ListPage<DoctorItem>>(response).items.length).toBeGreaterThanOrEqual(25);
    expect(queries).toHaveLength(1);
  });

  it('deletes a doctor, then answers 404 for it', async () => {
    const { refs } = await directory();
    const doctor = await makeDoctor(t.database.db, refs);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/doctors/${doctor.id}`,
      headers: t.asAdmin,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({ url: `/api/v1/doctors/${doctor.id}` });
    expect(gone.statusCode).toBe(404);
    expect(body(gone)).toMatchObject({ status: 404, code: 'not-found' });
  });
});

describe('a forged doctors cursor', () => {
  it('with a price that is not a decimal answers 400, never reaching the database', async () => {
    const forged = Buffer.from(
      JSON.stringify(['price', 'abc', '0190b2c4-0000-7000-8000-000000000000']),
    ).toString('base64url');
    const response = await t.app.inject({ url: `/api/v1/doctors?sort=price&cursor=${forged}` });
    expect(response.statusCode).toBe(400);
    expect(body(response)).toMatchObject({ code: 'invalid-cursor' });
  });

  it('of the amount-only price order, or with no value, answers 400 both ways', async () => {
    const id = '0190b2c4-0000-7000-8000-000000000000';
    for (const sort of ['price', '-price']) {
      for (const value of ['80.00', null, 'EUR', 'EUR 80.00 x', 'eur 80.00']) {
        const forged = Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
        const response = await t.app.inject({
          url: `/api/v1/doctors?sort=${sort}&cursor=${forged}`,
        });
        expect(response.statusCode, `${sort} ${value}`).toBe(400);
        expect(body(response)).toMatchObject({ code: 'invalid-cursor' });
      }
    }
  });
});
