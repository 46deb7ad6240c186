import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  makeDoctor,
  makeLocation,
  makeSpecialty,
  makeWorkingHours,
} from '../../../test/support/factories.js';
import {
  makeDaysOff,
  makeDoctorHours,
  makeExtraHours,
  makeTimeOff,
} from '../../../test/support/schedule-fixtures.js';
import type { DoctorRow } from '../../db/schema/index.js';
import { AvailabilityService } from './availability.js';

// Doctors' own schedules in availability and in checkSlot. A Berlin clinic open Mon–Fri
// 08:00–18:00 and Saturday night 22:00–04:00; the clock is fixed on Monday 2 March 2026, 08:00
// (default rules: two hours' notice, 90 days' horizon). Dr. Own works Mon 09–12 and Wed 14–16
// only; Dr. Away works the clinic's hours with time off and extra hours.

const NOW = new Date('2026-03-02T07:00:00Z');
let t: TestApp;
let own: DoctorRow;
let away: DoctorRow;
let availability: AvailabilityService;
let locationId: string;

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  const db = t.database.db;
  const location = await makeLocation(db, { timeZone: 'Europe/Berlin' });
  locationId = location.id;
  await makeWorkingHours(db, location.id, [
    ...[1, 2, 3, 4, 5].map((d): [number, string, string] => [d, '08:00', '18:00']),
    [6, '22:00', '04:00'],
  ]);
  const specialty = await makeSpecialty(db);
  const refs = { locationId, specialtyId: specialty.id };
  own = await makeDoctor(db, refs, { appointmentMinutes: 60, price: '80.00' });
  away = await makeDoctor(db, refs, { appointmentMinutes: 60 });
  await makeDoctorHours(db, own.id, [
    [1, '09:00', '12:00'],
    [3, '14:00', '16:00'],
  ]);
  await makeDaysOff(db, away.id, '2026-03-10', '2026-03-11');
  await makeTimeOff(db, away.id, '2026-03-12T09:00:00+01:00', '2026-03-12T11:00:00+01:00');
  await makeDaysOff(db, away.id, '2026-03-14');
  await makeExtraHours(db, away.id, '2026-03-15', '10:00', '12:00');
  await makeExtraHours(db, away.id, '2026-03-15', '23:00', '01:00');
  availability = new AvailabilityService({ db, clock: () => NOW, rules: t.config.booking });
});
afterAll(() => t.close());

async function starts(doctor: DoctorRow, from: string, to = from): Promise<string[]> {
  const response = await t.app.inject({
    url: `/api/v1/doctors/${doctor.id}/availability?from=${from}&to=${to}`,
  });
  expect(response.statusCode).toBe(200);
  return body<{ slots: { startAt: string }[] }>(response).slots.map((s) => s.startAt);
}

const hourly = (date: string, from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, i) => `${date}T${String(from + i).padStart(2, '0')}:00:00+01:00`,
  );

describe('availability follows the doctor’s own schedule', () => {
  it('uses the doctor’s weekly hours instead of the location’s', async () => {
    expect(await starts(own, '2026-03-09', '2026-03-11')).toEqual([
      ...hourly('2026-03-09', 9, 12),
      ...hourly('2026-03-11', 14, 16),
    ]);
  });

  it('uses the location’s hours for a doctor without their own, Saturday night included', async () => {
    expect(await starts(away, '2026-03-09')).toEqual(hourly('2026-03-09', 8, 18));
    expect(await starts(away, '2026-03-21')).toEqual([
      ...hourly('2026-03-21', 22, 24),
      ...hourly('2026-03-22', 0, 4),
    ]);
  });

  it('takes out a range of whole days off and a stretch of instants', async () => {
    const week = await starts(away, '2026-03-09', '2026-03-13');
    expect(week.filter((s) => s.startsWith('2026-03-10') || s.startsWith('2026-03-11'))).toEqual(
      [],
    );
    expect(week.filter((s) => s.startsWith('2026-03-12'))).toEqual([
      '2026-03-12T08:00:00+01:00',
      ...hourly('2026-03-12', 11, 18),
    ]);
    expect(week.filter((s) => s.startsWith('2026-03-13'))).toEqual(hourly('2026-03-13', 8, 18));
  });

  it('adds extra hours, an overnight one included, and a day off takes its night', async () => {
    // Saturday the 14th is off: its 22:00–04:00 window goes, past midnight too. Sunday has
    // extra hours 10–12 and 23–01, the last slot starting on Monday.
    expect(await starts(away, '2026-03-14', '2026-03-15')).toEqual([
      '2026-03-15T10:00:00+01:00',
      '2026-03-15T11:00:00+01:00',
      '2026-03-15T23:00:00+01:00',
      '2026-03-16T00:00:00+01:00',
    ]);
    // Monday's own range does not take Sunday's overnight extra hours.
    expect((await starts(away, '2026-03-16'))[0]).toBe('2026-03-16T08:00:00+01:00');
  });
});

describe('checkSlot', () => {
  const refused = (doctor: DoctorRow, startAt: string, code: string) =>
    expect(availability.checkSlot({ doctorId: doctor.id }, startAt)).rejects.toMatchObject({
      status: 422,
      code,
      errors: [{ field: 'startAt', message: expect.any(String) }],
    });

  it('refuses a start in the past, inside the notice or beyond the horizon', async () => {
    await refused(own, '2026-03-02T06:00:00Z', 'slot-in-past');
    await refused(own, '2026-03-02T08:00:00Z', 'slot-inside-notice');
    await refused(own, '2026-06-01T08:00:00+02:00', 'slot-beyond-horizon');
  });

  it('refuses a start outside the doctor’s hours even when the location is open', async () => {
    await refused(own, '2026-03-10T09:00:00+01:00', 'slot-outside-hours');
    await refused(away, '2026-03-15T13:00:00+01:00', 'slot-outside-hours');
  });

  it('refuses a start within hours but off the slot grid', async () => {
    await refused(own, '2026-03-09T09:30:00+01:00', 'slot-off-grid');
  });

  it('refuses a start in time off: a day off, its overnight part, a stretch of instants', async () => {
    await refused(away, '2026-03-10T09:00:00+01:00', 'slot-time-off');
    await refused(away, '2026-03-15T01:00:00+01:00', 'slot-time-off');
    await refused(away, '2026-03-12T10:00:00+01:00', 'slot-time-off');
  });

  it('accepts a real slot and says what it books, after-midnight extra hours included', async () => {
    const slot = await availability.checkSlot({ doctorId: own.id }, '2026-03-09T10:00:00+01:00');
    expect(slot).toEqual({
      bookable: expect.objectContaining({ locationId, price: '80.00', currency: 'EUR' }),
      startAt: new Date('2026-03-09T09:00:00Z'),
      endAt: new Date('2026-03-09T10:00:00Z'),
    });
    const night = await availability.checkSlot(
      { doctorId: away.id },
      '2026-03-15T23:00:00Z', // Monday 00:00 in Berlin, from Sunday's 23:00–01:00
    );
    expect(night.endAt).toEqual(new Date('2026-03-16T00:00:00Z'));
    // Inside a transaction too, as the booking write path calls it.
    const sunday = await t.database.db.transaction((tx) =>
      availability.checkSlot({ doctorId: away.id }, '2026-03-15T10:00:00+01:00', tx),
    );
    expect(sunday.startAt).toEqual(new Date('2026-03-15T09:00:00Z'));
  });
});
