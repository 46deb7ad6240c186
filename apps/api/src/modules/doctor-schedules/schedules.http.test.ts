import { MAX_SCHEDULE_ENTRIES } from '@medsync/contracts';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  makeBooking,
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
  makeWorkingHours,
} from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import {
  auditEvents,
  bookings,
  type DoctorRow,
  doctorExtraHours,
  doctorTimeOff,
} from '../../db/schema/index.js';

// Doctor schedules over HTTP: a Berlin clinic open Mon–Fri 08:00–18:00, Friday night 20:00–02:00
// and Saturday 09:00–12:00 + 12:00–14:00; the clock is fixed on Monday 2 March 2026, 08:00.

const NOW = new Date('2026-03-02T07:00:00Z');
const MISSING = '0190b2c4-0000-7000-8000-000000000000';
type Headers = { authorization: string };

let t: TestApp;
let doctor: DoctorRow;
let locationId: string;
let as: Record<'self' | 'otherDoctor' | 'staffHome' | 'staffOther' | 'patient', Headers>;

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  const db = t.database.db;
  const home = await makeLocation(db, { timeZone: 'Europe/Berlin' });
  const other = await makeLocation(db);
  locationId = home.id;
  await makeWorkingHours(db, home.id, [
    ...[1, 2, 3, 4, 5].map((d): [number, string, string] => [d, '08:00', '18:00']),
    [5, '20:00', '02:00'],
    [6, '09:00', '12:00'],
    [6, '12:00', '14:00'],
  ]);
  const specialty = await makeSpecialty(db);
  doctor = await makeDoctor(db, { locationId: home.id, specialtyId: specialty.id });
  const make = async (role: 'doctor' | 'staff' | 'patient', options = {}) =>
    (await makeAccount(db, t.tokens, role, options)).headers;
  as = {
    self: await make('doctor', { doctorId: doctor.id }),
    otherDoctor: await make('doctor'),
    staffHome: await make('staff', { locationIds: [home.id] }),
    staffOther: await make('staff', { locationIds: [other.id] }),
    patient: await make('patient'),
  };
});
afterAll(() => t.close());

const hoursUrl = (id = doctor.id) => `/api/v1/doctors/${id}/working-hours`;
const timeOffUrl = (id = doctor.id) => `/api/v1/doctors/${id}/time-off`;
const extraUrl = (id = doctor.id) => `/api/v1/doctors/${id}/extra-hours`;

const interval = (weekday: number, opensAt: string, closesAt: string) => ({
  weekday,
  opensAt,
  closesAt,
});
const putHours = (
  workingHours: object[],
  headers: Record<string, string> = t.asAdmin,
  id?: string,
) => t.app.inject({ method: 'PUT', url: hoursUrl(id), headers, payload: { workingHours } });
const post = (url: string, payload: object, headers: Record<string, string> = t.asAdmin) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string> = t.asAdmin) =>
  t.app.inject({ url, headers });
const del = (url: string, headers: Record<string, string> = t.asAdmin) =>
  t.app.inject({ method: 'DELETE', url, headers });

interface HoursBody {
  locationDefault: boolean;
  workingHours: { weekday: number; opensAt: string; closesAt: string }[];
}

/** A problem body without its per-request id: two 404s must be indistinguishable. */
const sameness = (response: LightMyRequestResponse) => {
  const { requestId: _r, ...rest } = body(response);
  return { status: response.statusCode, ...rest };
};

async function eventsOf(response: LightMyRequestResponse) {
  const requestId = String(response.headers['x-request-id']);
  return t.database.db
    .select({ action: auditEvents.action, outcome: auditEvents.outcome })
    .from(auditEvents)
    .where(eq(auditEvents.requestId, requestId));
}

describe('weekly working hours', () => {
  it('serves the location’s hours until the doctor has their own; PUT replaces the whole week', async () => {
    const before = await t.app.inject({ url: hoursUrl() });
    expect(before.statusCode).toBe(200);
    expect(body<HoursBody>(before)).toMatchObject({
      doctorId: doctor.id,
      locationId,
      timeZone: 'Europe/Berlin',
      locationDefault: true,
    });
    expect(body<HoursBody>(before).workingHours).toHaveLength(8);
    expect(body<HoursBody>(before).workingHours[0]).toEqual(interval(1, '08:00', '18:00'));

    const first = await putHours(
      [interval(3, '14:00', '18:00'), interval(1, '09:00', '12:00')],
      as.staffHome,
    );
    expect(first.statusCode).toBe(200);
    expect(body<HoursBody>(first)).toMatchObject({
      locationDefault: false,
      workingHours: [interval(1, '09:00', '12:00'), interval(3, '14:00', '18:00')],
    });

    // Friday night inside the location's overnight interval, Saturday morning past midnight of
    // it, and Saturday across two touching location intervals.
    const week = [interval(5, '22:00', '01:00'), interval(6, '01:00', '02:00')];
    expect((await putHours([...week, interval(6, '11:00', '13:00')])).statusCode).toBe(200);
    const after = body<HoursBody>(await t.app.inject({ url: hoursUrl() }));
    expect(after).toMatchObject({
      locationDefault: false,
      workingHours: [...week, interval(6, '11:00', '13:00')],
    });

    expect(body<HoursBody>(await putHours([]))).toMatchObject({ locationDefault: true });
    expect(body<HoursBody>(await t.app.inject({ url: hoursUrl() })).workingHours).toHaveLength(8);
  });

  it('refuses intervals outside the location’s hours, overlapping or empty, naming each', async () => {
    const outside = await putHours([
      interval(1, '07:00', '09:00'),
      interval(1, '09:00', '10:00'),
      interval(5, '23:00', '03:00'),
      interval(7, '10:00', '11:00'),
    ]);
    const problem = expectProblem(outside, 422, 'outside-location-hours');
    expect(problem.errors).toEqual([
      { path: '/body/workingHours/0', message: expect.stringContaining('Mon 07:00–09:00') },
      { path: '/body/workingHours/2', message: expect.stringContaining('Fri 23:00–03:00') },
      { path: '/body/workingHours/3', message: expect.stringContaining('Sun 10:00–11:00') },
    ]);

    const overlapping = await putHours([
      interval(2, '09:00', '11:00'),
      interval(2, '10:00', '12:00'),
    ]);
    expect(expectProblem(overlapping, 422, 'overlapping-hours').errors).toEqual([
      { path: '/body/workingHours/1', message: expect.stringContaining('Tue 10:00–12:00') },
    ]);
    expectProblem(await putHours([interval(2, '09:00', '09:00')]), 422, 'empty-interval');
    expectProblem(await putHours([interval(8, '09:00', '10:00')]), 400);
    expectProblem(
      await t.app.inject({
        method: 'PUT',
        url: hoursUrl(),
        headers: t.asAdmin,
        payload: { workingHours: [], doctorId: doctor.id },
      }),
      400,
    );
    // Nothing was written by any of them.
    expect(body<HoursBody>(await t.app.inject({ url: hoursUrl() })).locationDefault).toBe(true);
  });

  it('lets admin and staff of the doctor’s location replace hours; others get 401, 403 or 404', async () => {
    const week = [interval(2, '09:00', '10:00')];
    expectProblem(await putHours(week, {}), 401);
    expectProblem(await putHours(week, as.patient), 403, 'forbidden');
    expectProblem(await putHours(week, as.self), 403, 'forbidden');

    const foreign = await putHours(week, as.staffOther);
    expectProblem(foreign, 404, 'not-found');
    const missing = await putHours(week, t.asAdmin, MISSING);
    expect(sameness(foreign)).toEqual(sameness(missing));
    expect(await eventsOf(foreign)).toEqual([
      { action: 'doctor-hours.replace', outcome: 'denied' },
    ]);
    expectProblem(await t.app.inject({ url: hoursUrl(MISSING) }), 404);
    expectProblem(await t.app.inject({ url: `${hoursUrl()}?doctorId=${doctor.id}` }), 400);

    const allowed = await putHours(week, as.staffHome);
    expect(allowed.statusCode).toBe(200);
    expect(await eventsOf(allowed)).toEqual([
      { action: 'doctor-hours.replace', outcome: 'success' },
    ]);
    expect((await putHours([], t.asAdmin)).statusCode).toBe(200);
  });
});

describe('time off', () => {
  it('records whole days or instants and counts the active bookings they overlap, cancelling none', async () => {
    const db = t.database.db;
    const patientId = (await makePatient(db)).id;
    const at = (start: string, values: object = {}) =>
      makeBooking(db, {
        patientId,
        locationId,
        doctorId: doctor.id,
        startAt: new Date(start),
        endAt: new Date(new Date(start).getTime() + 30 * 60_000),
        ...values,
      });
    const booked = await at('2026-03-10T09:00:00Z');
    await at('2026-03-11T16:30:00Z', { status: 'checked_in' });
    await at('2026-03-10T12:00:00Z', {
      status: 'held',
      holdExpiresAt: new Date(NOW.getTime() + 300_000),
    });
    await at('2026-03-10T13:00:00Z', {
      status: 'held',
      holdExpiresAt: new Date(NOW.getTime() - 60_000),
    });
    await at('2026-03-11T10:00:00Z', { status: 'cancelled' });
    // A completed visit is over: nothing to rebook, so not a conflict (CONFLICTING).
    await at('2026-03-10T07:00:00Z', { status: 'completed' });
    await at('2026-03-09T22:30:00Z'); // Monday 23:30 in Berlin: before the first day off
    await at('2026-03-12T09:00:00Z');

    const days = await post(
      timeOffUrl(),
      { startsOn: '2026-03-10', endsOn: '2026-03-11', reason: 'Conference' },
      as.self,
    );
    expect(days.statusCode).toBe(201);
    const created = body<{ id: string }>(days);
    expect(days.headers.location).toBe(`${timeOffUrl()}/${created.id}`);
    expect(created).toEqual({
      id: expect.any(String),
      doctorId: doctor.id,
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
      startsAt: null,
      endsAt: null,
      reason: 'Conference',
      createdAt: expect.any(String),
      conflictingBookings: 3,
    });
    expect(await eventsOf(days)).toEqual([
      { action: 'doctor-time-off.create', outcome: 'success' },
    ]);

    const instants = await post(
      timeOffUrl(),
      { startsAt: '2026-03-12T09:30:00+01:00', endsAt: '2026-03-12T12:00:00+01:00' },
      as.staffHome,
    );
    expect(instants.statusCode).toBe(201);
    expect(body(instants)).toMatchObject({
      startsOn: null,
      startsAt: '2026-03-12T08:30:00.000Z',
      endsAt: '2026-03-12T11:00:00.000Z',
      reason: null,
      conflictingBookings: 1,
    });
    // Nothing was cancelled: staff rebook.
    const [still] = await db
      .select({ status: bookings.status })
      .from(bookings)
      .where(eq(bookings.id, booked.id));
    expect(still).toEqual({ status: 'booked' });
  });

  it('lists time off to admin, the doctor’s location staff and the doctor only', async () => {
    const list = await get(`${timeOffUrl()}?from=2026-03-01`, as.self);
    expect(list.statusCode).toBe(200);
    const items = body<{ items: { startsOn: string | null; startsAt: string | null }[] }>(
      list,
    ).items;
    expect(items.map((i) => i.startsOn ?? i.startsAt)).toEqual([
      '2026-03-10',
      '2026-03-12T08:30:00.000Z',
    ]);
    expect(body<{ items: unknown[] }>(await get(timeOffUrl(), as.staffHome)).items).toHaveLength(2);
    expect(
      body<{ items: unknown[] }>(await get(`${timeOffUrl()}?from=2026-03-12`)).items,
    ).toHaveLength(1);

    expectProblem(await get(timeOffUrl(), {}), 401);
    expectProblem(await get(timeOffUrl(), as.patient), 403);
    const otherDoctor = await get(timeOffUrl(), as.otherDoctor);
    expectProblem(otherDoctor, 404);
    expect(sameness(otherDoctor)).toEqual(sameness(await get(timeOffUrl(MISSING))));
    expectProblem(await get(timeOffUrl(), as.staffOther), 404);
  });

  it('deletes time off for those who may manage it', async () => {
    const created = body<{ id: string }>(
      await post(timeOffUrl(), { startsOn: '2026-04-01', endsOn: '2026-04-01' }),
    );
    const url = `${timeOffUrl()}/${created.id}`;
    const foreign = await del(url, as.otherDoctor);
    expectProblem(foreign, 404);
    expect(await eventsOf(foreign)).toEqual([
      { action: 'doctor-time-off.delete', outcome: 'denied' },
    ]);
    expectProblem(await del(url, as.staffOther), 404);
    expectProblem(await del(`${timeOffUrl(MISSING)}/${created.id}`), 404);
    const deleted = await del(url, as.self);
    expect(deleted.statusCode).toBe(204);
    expect(await eventsOf(deleted)).toEqual([
      { action: 'doctor-time-off.delete', outcome: 'success' },
    ]);
    expectProblem(await del(url, as.self), 404);
  });

  it('takes exactly one complete, ordered form: else 422, or 400 for malformed input', async () => {
    const refused = async (payload: object, path: string) => {
      const problem = expectProblem(await post(timeOffUrl(), payload), 422, 'invalid-time-off');
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    };
    await refused(
      { startsOn: '2026-04-01', endsOn: '2026-04-01', startsAt: '2026-04-01T09:00:00Z' },
      '/body/startsAt',
    );
    await refused({ reason: 'nothing else' }, '/body/startsOn');
    await refused({ startsOn: '2026-04-01' }, '/body/endsOn');
    await refused({ endsAt: '2026-04-01T09:00:00Z' }, '/body/startsAt');
    await refused({ startsOn: '2026-04-02', endsOn: '2026-04-01' }, '/body/endsOn');
    await refused(
      { startsAt: '2026-04-01T10:00:00Z', endsAt: '2026-04-01T10:00:00Z' },
      '/body/endsAt',
    );

    const malformed = async (payload: object, path: string) => {
      const problem = expectProblem(await post(timeOffUrl(), payload), 400);
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    };
    const day = { startsOn: '2026-04-01', endsOn: '2026-04-01' };
    await malformed({ ...day, reason: 'x'.repeat(201) }, '/body/reason');
    await malformed({ ...day, doctorId: doctor.id }, '/body/doctorId');
    await malformed({ startsOn: '01.04.2026', endsOn: '2026-04-01' }, '/body/startsOn');
    await malformed(
      { startsAt: '2026-04-01T09:00:00', endsAt: '2026-04-01T10:00:00Z' },
      '/body/startsAt',
    );
    const listed = body<{ items: unknown[] }>(await get(`${timeOffUrl()}?from=2026-04-01`));
    expect(listed.items).toEqual([]);
  });
});

describe('extra hours', () => {
  it('are added by the doctor or their location’s staff, listed publicly and deleted', async () => {
    const created = await post(
      extraUrl(),
      { date: '2026-03-14', opensAt: '15:00', closesAt: '17:00' },
      as.self,
    );
    expect(created.statusCode).toBe(201);
    const extra = body<{ id: string }>(created);
    expect(extra).toEqual({
      id: expect.any(String),
      doctorId: doctor.id,
      date: '2026-03-14',
      opensAt: '15:00',
      closesAt: '17:00',
      createdAt: expect.any(String),
    });
    expect(created.headers.location).toBe(`${extraUrl()}/${extra.id}`);

    const listed = await t.app.inject({ url: extraUrl() });
    expect(listed.statusCode).toBe(200);
    expect(body<{ items: { id: string }[] }>(listed).items.map((i) => i.id)).toEqual([extra.id]);
    expect(body<{ items: unknown[] }>(await get(`${extraUrl()}?from=2026-03-15`)).items).toEqual(
      [],
    );

    const again = { date: '2026-03-15', opensAt: '10:00', closesAt: '11:00' };
    expectProblem(await post(extraUrl(), again, as.otherDoctor), 404);
    expectProblem(await post(extraUrl(), again, as.staffOther), 404);
    expectProblem(await post(extraUrl(), again, as.patient), 403);
    expectProblem(await post(extraUrl(), again, {}), 401);
    expectProblem(await post(extraUrl(MISSING), again), 404);
    expectProblem(
      await post(extraUrl(), { ...again, closesAt: '10:00' }, as.staffHome),
      422,
      'empty-interval',
    );
    expectProblem(await post(extraUrl(), { ...again, closesAt: '24:00' }, as.staffHome), 400);

    const url = `${extraUrl()}/${extra.id}`;
    expectProblem(await del(url, as.otherDoctor), 404);
    expect((await del(url, as.staffHome)).statusCode).toBe(204);
    expectProblem(await del(url, as.staffHome), 404);
    expect(body<{ items: unknown[] }>(await t.app.inject({ url: extraUrl() })).items).toEqual([]);
  });
});

describe('schedule lists', () => {
  it(`stop at ${MAX_SCHEDULE_ENTRIES} entries, earliest first; a later \`from\` lists the rest`, async () => {
    const db = t.database.db;
    const specialty = await makeSpecialty(db);
    const busy = await makeDoctor(db, { locationId, specialtyId: specialty.id });
    const day = (i: number) => Temporal.PlainDate.from('2026-04-01').add({ days: i }).toString();
    const count = MAX_SCHEDULE_ENTRIES + 10;
    // Inserted in reverse: the cut must keep the earliest, not the first written.
    const days = Array.from({ length: count }, (_, i) => day(count - 1 - i));
    await db
      .insert(doctorTimeOff)
      .values(days.map((d) => ({ doctorId: busy.id, startsOn: d, endsOn: d })));
    await db
      .insert(doctorExtraHours)
      .values(
        days.map((d) => ({ doctorId: busy.id, date: d, opensAt: '19:00', closesAt: '20:00' })),
      );
    for (const url of [timeOffUrl(busy.id), extraUrl(busy.id)]) {
      const first = body<{ items: { startsOn?: string; date?: string }[] }>(await get(url));
      const dates = first.items.map((e) => e.startsOn ?? e.date);
      expect(dates).toHaveLength(MAX_SCHEDULE_ENTRIES);
      expect(dates[0]).toBe(day(0));
      expect(dates.at(-1)).toBe(day(MAX_SCHEDULE_ENTRIES - 1));
      const rest = body<{ items: unknown[] }>(
        await get(`${url}?from=${day(MAX_SCHEDULE_ENTRIES)}`),
      );
      expect(rest.items).toHaveLength(10);
    }
  });
});
