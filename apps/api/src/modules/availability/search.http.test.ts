import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  makeBooking,
  makeDiagnostic,
  makeDiagnosticLocation,
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
  makeWorkingHours,
} from '../../../test/support/factories.js';
import {
  makeDaysOff,
  makeDoctorHours,
  makeExtraHours,
  makeTimeOff,
} from '../../../test/support/schedule-fixtures.js';
import type { DoctorRow, LocationRow } from '../../db/schema/index.js';

// The earliest-slot search. The clock is fixed on Monday 2 March 2026, 08:00 in Berlin; rules:
// two hours' notice, a 30-day horizon. Clinics in Berlin (EUR) and London (GBP), both open
// Mon–Fri 09:00–12:00 local time; every doctor here has 60-minute appointments.

const NOW = new Date('2026-03-02T07:00:00Z');
const queries: string[] = [];
let t: TestApp;
let berlin: LocationRow;
let london: LocationRow;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp({
    env: { BOOKING_HORIZON_DAYS: '30' },
    database: { onQuery: (sql) => queries.push(sql) },
    clock: () => NOW,
  });
  const db = t.database.db;
  berlin = await makeLocation(db, { timeZone: 'Europe/Berlin', currency: 'EUR' });
  london = await makeLocation(db, { timeZone: 'Europe/London', currency: 'GBP' });
  for (const location of [berlin, london]) {
    await makeWorkingHours(
      db,
      location.id,
      [1, 2, 3, 4, 5].map((d) => [d, '09:00', '12:00']),
    );
  }
  patientId = (await makePatient(db)).id;
});
afterAll(() => t.close());

interface Slot {
  startAt: string;
  endAt: string;
  doctorId: string | null;
  diagnosticLocationId: string | null;
  locationId: string;
  price: string;
  currency: string;
}

async function search(query: string): Promise<Slot[]> {
  const response = await t.app.inject({ url: `/api/v1/availability/search?${query}` });
  expect(response.statusCode).toBe(200);
  return body<{ slots: Slot[] }>(response).slots;
}
const pairs = (slots: Slot[]) =>
  slots.map((s) => [s.startAt, s.doctorId ?? s.diagnosticLocationId]);

async function doctors(count: number, location = berlin) {
  const db = t.database.db;
  const specialty = await makeSpecialty(db);
  const made = [];
  for (let i = 0; i < count; i++) {
    made.push(
      await makeDoctor(
        db,
        { locationId: location.id, specialtyId: specialty.id },
        { appointmentMinutes: 60, price: `${100 + i}.00` },
      ),
    );
  }
  return { specialtyId: specialty.id, doctors: made };
}

describe('earliest-slot search', () => {
  it('lists the earliest slots across doctors, ties by id, up to the limit', async () => {
    const {
      specialtyId,
      doctors: [d1, d2, d3],
    } = await doctors(3);
    const db = t.database.db;
    await makeDoctorHours(db, d3!.id, [[1, '09:00', '10:00']]); // Mondays only
    const inactive = await makeDoctor(
      db,
      { locationId: berlin.id, specialtyId },
      { appointmentMinutes: 60, active: false },
    );
    await makeBooking(db, {
      patientId,
      locationId: berlin.id,
      doctorId: d1!.id,
      startAt: new Date('2026-03-03T08:00:00Z'),
      endAt: new Date('2026-03-03T09:00:00Z'),
    });
    const [a, b] = [d1!.id, d2!.id].sort();
    const slots = await search(`specialtyId=${specialtyId}&from=2026-03-03&limit=5`);
    expect(pairs(slots)).toEqual([
      ['2026-03-03T09:00:00+01:00', d2!.id], // d1 is booked at 09:00
      ['2026-03-03T10:00:00+01:00', a],
      ['2026-03-03T10:00:00+01:00', b],
      ['2026-03-03T11:00:00+01:00', a],
      ['2026-03-03T11:00:00+01:00', b],
    ]);
    expect(slots[0]).toEqual({
      startAt: '2026-03-03T09:00:00+01:00',
      endAt: '2026-03-03T10:00:00+01:00',
      doctorId: d2!.id,
      diagnosticLocationId: null,
      locationId: berlin.id,
      price: d2!.price,
      currency: 'EUR',
    });

    // From today by default, after the two hours' notice: Monday 10:00 on. Dr 3's Monday 09:00
    // is inside the notice; the inactive doctor never shows.
    const today = await search(`specialtyId=${specialtyId}`);
    expect(today).toHaveLength(10);
    expect(today.filter((s) => s.doctorId === inactive.id || s.doctorId === d3!.id)).toEqual([]);
    expect(pairs(today).slice(0, 3)).toEqual([
      ['2026-03-02T10:00:00+01:00', a],
      ['2026-03-02T10:00:00+01:00', b],
      ['2026-03-02T11:00:00+01:00', a],
    ]);
    const next = await search(`specialtyId=${specialtyId}&from=2026-03-09&limit=3`);
    expect(pairs(next)).toEqual([
      ['2026-03-09T09:00:00+01:00', [a, b, d3!.id].sort()[0]],
      ['2026-03-09T09:00:00+01:00', [a, b, d3!.id].sort()[1]],
      ['2026-03-09T09:00:00+01:00', [a, b, d3!.id].sort()[2]],
    ]);
  });

  it('widens the window week by week, honours time off and stops at the horizon', async () => {
    const {
      specialtyId,
      doctors: [doctor],
    } = await doctors(1);
    const db = t.database.db;
    await makeDoctorHours(db, doctor!.id, [[3, '09:00', '10:00']]); // Wednesdays only
    await makeDaysOff(db, doctor!.id, '2026-03-02', '2026-03-17');
    await makeTimeOff(db, doctor!.id, '2026-03-18T08:00:00Z', '2026-03-18T09:00:00Z');
    await makeExtraHours(db, doctor!.id, '2026-03-21', '23:00', '00:00');
    // Wednesday 1 April 09:00 lies after the horizon (30 days from Monday 08:00: 1 April 08:00).
    expect((await search(`specialtyId=${specialtyId}&limit=50`)).map((s) => s.startAt)).toEqual([
      '2026-03-21T23:00:00+01:00',
      '2026-03-25T09:00:00+01:00',
    ]);
    expect(await search(`specialtyId=${specialtyId}&from=2026-04-02`)).toEqual([]);
  });

  it('gives the same slots as merging each doctor’s own availability', async () => {
    const { specialtyId, doctors: made } = await doctors(4);
    const db = t.database.db;
    const [early, late, away, busy] = made as [DoctorRow, DoctorRow, DoctorRow, DoctorRow];
    await makeDoctorHours(db, early.id, [
      [2, '09:00', '10:00'],
      [4, '09:00', '12:00'],
    ]);
    await makeDoctorHours(db, late.id, [[3, '11:00', '12:00']]);
    await makeExtraHours(db, late.id, '2026-03-07', '20:00', '23:00');
    await makeDaysOff(db, away.id, '2026-03-03', '2026-03-05');
    await makeTimeOff(db, away.id, '2026-03-06T08:00:00Z', '2026-03-06T10:00:00Z');
    for (const hour of ['08', '09', '10']) {
      await makeBooking(db, {
        patientId: (await makePatient(db)).id,
        locationId: berlin.id,
        doctorId: busy.id,
        startAt: new Date(`2026-03-03T${hour}:00:00Z`),
        endAt: new Date(`2026-03-03T${hour}:30:00Z`),
      });
    }
    const merged: [string, string][] = [];
    for (const doctor of made) {
      const response = await t.app.inject({
        url: `/api/v1/doctors/${doctor.id}/availability?from=2026-03-03&to=2026-03-16`,
      });
      for (const slot of body<{ slots: Slot[] }>(response).slots) {
        merged.push([slot.startAt, doctor.id]);
      }
    }
    const at = (slot: [string, string]) => Date.parse(slot[0]);
    merged.sort((x, y) => at(x) - at(y) || (x[1] < y[1] ? -1 : 1));
    expect(merged.length).toBeGreaterThan(30);
    const found = await search(`specialtyId=${specialtyId}&from=2026-03-03&limit=30`);
    expect(pairs(found)).toEqual(merged.slice(0, 30));
  });

  it('filters by location and compares instants across time zones', async () => {
    const {
      specialtyId,
      doctors: [inBerlin],
    } = await doctors(1, berlin);
    const inLondon = await makeDoctor(
      t.database.db,
      { locationId: london.id, specialtyId },
      { appointmentMinutes: 60, price: '90.00' },
    );
    // 10:00 in Berlin and 09:00 in London are the same instant: the tie goes by id.
    const tied = [
      ['2026-03-03T10:00:00+01:00', inBerlin!.id],
      ['2026-03-03T09:00:00+00:00', inLondon.id],
    ].sort((x, y) => (x[1]! < y[1]! ? -1 : 1));
    expect(pairs(await search(`specialtyId=${specialtyId}&from=2026-03-03&limit=3`))).toEqual([
      ['2026-03-03T09:00:00+01:00', inBerlin!.id],
      ...tied,
    ]);
    const onlyLondon = await search(
      `specialtyId=${specialtyId}&locationId=${london.id}&from=2026-03-03&limit=2`,
    );
    expect(onlyLondon).toEqual([
      {
        startAt: '2026-03-03T09:00:00+00:00',
        endAt: '2026-03-03T10:00:00+00:00',
        doctorId: inLondon.id,
        diagnosticLocationId: null,
        locationId: london.id,
        price: '90.00',
        currency: 'GBP',
      },
      expect.objectContaining({ startAt: '2026-03-03T10:00:00+00:00', doctorId: inLondon.id }),
    ]);
  });

  it('finds diagnostic slots at every active location, up to capacity', async () => {
    const db = t.database.db;
    const scan = await makeDiagnostic(db, { durationMinutes: 30 });
    const here = await makeDiagnosticLocation(
      db,
      { diagnosticId: scan.id, locationId: berlin.id },
      { capacity: 2, price: '50.00' },
    );
    await makeDiagnosticLocation(
      db,
      { diagnosticId: scan.id, locationId: london.id },
      { active: false },
    );
    const url = `diagnosticId=${scan.id}&from=2026-03-03&limit=2`;
    const slots = await search(url);
    expect(slots).toEqual([
      {
        startAt: '2026-03-03T09:00:00+01:00',
        endAt: '2026-03-03T09:30:00+01:00',
        doctorId: null,
        diagnosticLocationId: here.id,
        locationId: berlin.id,
        price: '50.00',
        currency: 'EUR',
      },
      expect.objectContaining({ startAt: '2026-03-03T09:30:00+01:00' }),
    ]);
    const take = async (capacityUnit: number) =>
      makeBooking(db, {
        patientId: (await makePatient(db)).id, // one patient cannot be booked twice at once
        locationId: berlin.id,
        diagnosticLocationId: here.id,
        capacityUnit,
        startAt: new Date('2026-03-03T08:00:00Z'),
        endAt: new Date('2026-03-03T08:30:00Z'),
      });
    await take(1);
    expect((await search(url))[0]!.startAt).toBe('2026-03-03T09:00:00+01:00');
    await take(2);
    expect((await search(url)).map((s) => s.startAt)).toEqual([
      '2026-03-03T09:30:00+01:00',
      '2026-03-03T10:00:00+01:00',
    ]);
  });

  it('needs exactly one of specialtyId and diagnosticId, and a limit of 1 to 50', async () => {
    const { specialtyId } = await doctors(1);
    const ask = (query: string) => t.app.inject({ url: `/api/v1/availability/search?${query}` });
    const both = expectProblem(
      await ask(`specialtyId=${specialtyId}&diagnosticId=${specialtyId}`),
      422,
      'invalid-search',
    );
    expect(both.errors?.map((e) => e.path)).toEqual(['/query/specialtyId', '/query/diagnosticId']);
    expectProblem(await ask(`locationId=${berlin.id}`), 422, 'invalid-search');
    expectProblem(await ask(`specialtyId=${specialtyId}&limit=51`), 400);
    expectProblem(await ask(`specialtyId=${specialtyId}&limit=0`), 400);
    expectProblem(await ask(`specialtyId=${specialtyId}&from=03.03.2026`), 400);
    expectProblem(await ask(`specialtyId=${specialtyId}&doctorId=${specialtyId}`), 400);
    expect(await search(`specialtyId=${specialtyId}&limit=50`)).toHaveLength(50);
    expect(await search('specialtyId=0190b2c4-0000-7000-8000-000000000000')).toEqual([]);
  });

  it('reads the same number of queries for 2 doctors as for 8 with schedules of their own', async () => {
    const db = t.database.db;
    const { specialtyId, doctors: few } = await doctors(2);
    const counted = async () => {
      queries.length = 0;
      const slots = await search(`specialtyId=${specialtyId}&from=2026-03-25&limit=50`);
      expect(slots.length).toBeGreaterThan(0);
      return queries.length;
    };
    const withTwo = await counted();
    for (let i = 0; i < 6; i++) {
      const doctor = await makeDoctor(
        db,
        { locationId: i % 2 ? london.id : berlin.id, specialtyId },
        { appointmentMinutes: 60 },
      );
      await makeDoctorHours(db, doctor.id, [[2, '10:00', '11:00']]);
      await makeDaysOff(db, doctor.id, '2026-03-26');
      await makeExtraHours(db, doctor.id, '2026-03-28', '09:00', '10:00');
    }
    await makeDaysOff(db, few[0]!.id, '2026-03-27');
    // The bookables, two kinds of weekly hours, then time off, extra hours and busy time for
    // each of the two weeks from 25 March to the horizon (1 April).
    expect(withTwo).toBe(1 + 2 + 3 * 2);
    expect(await counted()).toBe(withTwo);
  });
});
