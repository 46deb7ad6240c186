import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../../test/support/app.js';
import { makeClinicSite } from '../../../test/support/booking-fixtures.js';
import { makeBooking, makePatient } from '../../../test/support/factories.js';
import type { DiagnosticLocationRow, DoctorRow } from '../../db/schema/index.js';
import { SchedulingRepository } from './repository.js';

// Availability over HTTP on a real database: a Berlin clinic open 01:00–05:00 on Sundays, so
// that 2026-03-29 (clocks jump 02:00 → 03:00) shows the gap; the clock is fixed before it.

const NOW = new Date('2026-03-20T08:00:00Z');
let t: TestApp;
let doctor: DoctorRow;
let scanner: DiagnosticLocationRow;
let locationId: string;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  const site = await makeClinicSite(t.database.db, [[7, '01:00', '05:00']]);
  ({ doctor, scanner } = site);
  locationId = site.location.id;
});
afterAll(() => t.close());

const SUNDAY = 'from=2026-03-29&to=2026-03-29';
const starts = async (url: string) => {
  const response = await t.app.inject({ url });
  expect(response.statusCode).toBe(200);
  return body<{ slots: { startAt: string; endAt: string }[] }>(response).slots.map(
    (s) => s.startAt,
  );
};
const book = async (values: object) =>
  makeBooking(t.database.db, {
    patientId: (await makePatient(t.database.db)).id,
    locationId,
    startAt: new Date('2026-03-29T01:00:00Z'), // 03:00 local, after the jump
    endAt: new Date('2026-03-29T01:30:00Z'),
    ...values,
  });

describe('availability', () => {
  it('offers the spring-forward day’s slots with their offsets, none in the missing hour', async () => {
    expect(await starts(`/api/v1/doctors/${doctor.id}/availability?${SUNDAY}`)).toEqual([
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T01:30:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
      '2026-03-29T04:00:00+02:00',
      '2026-03-29T04:30:00+02:00',
    ]);
  });

  it('takes out booked time and live holds, but not cancellations or expired holds', async () => {
    const url = `/api/v1/doctors/${doctor.id}/availability?${SUNDAY}`;
    await book({ doctorId: doctor.id, status: 'cancelled' });
    await book({
      doctorId: doctor.id,
      status: 'held',
      holdExpiresAt: new Date(NOW.getTime() - 60_000),
      startAt: new Date('2026-03-29T02:00:00Z'),
      endAt: new Date('2026-03-29T02:30:00Z'),
    });
    expect(await starts(url)).toContain('2026-03-29T03:00:00+02:00');
    expect(await starts(url)).toContain('2026-03-29T04:00:00+02:00');
    await book({ doctorId: doctor.id });
    await book({
      doctorId: doctor.id,
      status: 'held',
      holdExpiresAt: new Date(NOW.getTime() + 300_000),
      startAt: new Date('2026-03-29T02:30:00Z'),
      endAt: new Date('2026-03-29T03:00:00Z'),
    });
    const left = await starts(url);
    expect(left).not.toContain('2026-03-29T03:00:00+02:00');
    expect(left).not.toContain('2026-03-29T04:30:00+02:00');
    expect(left).toContain('2026-03-29T04:00:00+02:00');
  });

  it('keeps a diagnostic slot open until its capacity is taken', async () => {
    const url = `/api/v1/diagnostic-locations/${scanner.id}/availability?${SUNDAY}`;
    const slot = '2026-03-29T03:00:00+02:00';
    await book({ diagnosticLocationId: scanner.id, capacityUnit: 1 });
    expect(await starts(url)).toContain(slot);
    await book({ diagnosticLocationId: scanner.id, capacityUnit: 2 });
    expect(await starts(url)).not.toContain(slot);
  });

  it('answers 404 for an unknown or inactive doctor, and 422 past 31 days', async () => {
    const unknown = await t.app.inject({
      url: `/api/v1/doctors/0190b2c4-0000-7000-8000-000000000000/availability?${SUNDAY}`,
    });
    expect(unknown.statusCode).toBe(404);
    const tooLong = await t.app.inject({
      url: `/api/v1/doctors/${doctor.id}/availability?from=2026-04-01&to=2026-05-02`,
    });
    expect(tooLong.statusCode).toBe(422);
    expect(body(tooLong)).toMatchObject({ code: 'invalid-range', errors: [{ path: '/query/to' }] });
    const backwards = await t.app.inject({
      url: `/api/v1/doctors/${doctor.id}/availability?from=2026-04-02&to=2026-04-01`,
    });
    expect(backwards.statusCode).toBe(422);
    const malformed = await t.app.inject({
      url: `/api/v1/doctors/${doctor.id}/availability?from=29.03.2026&to=2026-03-29`,
    });
    expect(malformed.statusCode).toBe(400);
    expect(body(malformed)).toMatchObject({ errors: [{ path: '/query/from' }] });
  });

  it('reads only the asked window of bookings, through an exclusion constraint’s index', async () => {
    const db = t.database.db;
    await db.execute(sql`
      insert into bookings (id, patient_id, location_id, doctor_id, start_at, end_at, status, price, currency)
      select gen_random_uuid(), p.id, ${locationId}, ${doctor.id},
             timestamptz '2027-01-01 08:00Z' + n * interval '1 hour',
             timestamptz '2027-01-01 08:30Z' + n * interval '1 hour', 'completed', 0, 'EUR'
      from generate_series(1, 3000) as n, lateral (select id from patients limit 1) p`);
    await db.execute(sql`analyze bookings`);
    const query = new SchedulingRepository(db).busy(
      { doctorId: doctor.id },
      { from: new Date('2027-02-01T00:00:00Z'), to: new Date('2027-02-03T00:00:00Z') },
      NOW,
    );
    const plan = JSON.stringify(await db.execute(sql`explain ${query}`));
    // An exclusion constraint's GiST index answers the range test (which one is the planner's
    // pick: here every booking has the same doctor, so the time range is what narrows).
    expect(plan).toMatch(/Index Scan on bookings_(doctor|patient)_no_overlap/);
    expect(plan).toMatch(/Index Cond: \([^"]*tstzrange\(start_at, end_at/);
    expect(plan).not.toContain('Seq Scan on bookings');
  });
});
