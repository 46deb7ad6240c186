import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  makeDoctor,
  makeLocation,
  makeSpecialty,
  makeWorkingHours,
} from '../../../test/support/factories.js';
import type { DoctorRow } from '../../db/schema/index.js';

// BOOKING_SLOT_ALIGNMENT_MINUTES: the grid of slot starts, network-wide. A Berlin clinic open
// Tuesday 3 March 2026 09:00–11:00; the clock is fixed the week before.

const NOW = new Date('2026-02-24T08:00:00Z');
const DAY = 'from=2026-03-03&to=2026-03-03';
let t: TestApp;
let twenty: DoctorRow;
let thirty: DoctorRow;

beforeAll(async () => {
  t = await createTestApp({ env: { BOOKING_SLOT_ALIGNMENT_MINUTES: '15' }, clock: () => NOW });
  const db = t.database.db;
  const location = await makeLocation(db, { timeZone: 'Europe/Berlin' });
  await makeWorkingHours(db, location.id, [[2, '09:00', '11:00']]);
  const refs = { locationId: location.id, specialtyId: (await makeSpecialty(db)).id };
  twenty = await makeDoctor(db, refs, { appointmentMinutes: 20 });
  thirty = await makeDoctor(db, refs, { appointmentMinutes: 30 });
});
afterAll(() => t.close());

const startsOf = async (doctor: DoctorRow) => {
  const response = await t.app.inject({ url: `/api/v1/doctors/${doctor.id}/availability?${DAY}` });
  expect(response.statusCode).toBe(200);
  return body<{ slots: { startAt: string }[] }>(response).slots.map((s) => s.startAt.slice(11, 16));
};

describe('a configured slot alignment', () => {
  it('lays 30-minute slots back to back on a 15-minute grid that divides them', async () => {
    expect(await startsOf(thirty)).toEqual(['09:00', '09:30', '10:00', '10:30']);
  });

  it('falls back to the slot length where the grid does not divide it (20 on 15)', async () => {
    expect(await startsOf(twenty)).toEqual(['09:00', '09:20', '09:40', '10:00', '10:20', '10:40']);
  });

  it('leaves breaks when the grid is longer than the slot', async () => {
    const wide = await createTestApp({
      env: { BOOKING_SLOT_ALIGNMENT_MINUTES: '30' },
      clock: () => NOW,
    });
    try {
      const db = wide.database.db;
      const location = await makeLocation(db, { timeZone: 'Europe/Berlin' });
      await makeWorkingHours(db, location.id, [[2, '09:00', '11:00']]);
      const refs = { locationId: location.id, specialtyId: (await makeSpecialty(db)).id };
      const doctor = await makeDoctor(db, refs, { appointmentMinutes: 20 });
      const response = await wide.app.inject({
        url: `/api/v1/doctors/${doctor.id}/availability?${DAY}`,
      });
      expect(body<{ slots: { startAt: string; endAt: string }[] }>(response).slots).toEqual([
        { startAt: '2026-03-03T09:00:00+01:00', endAt: '2026-03-03T09:20:00+01:00' },
        { startAt: '2026-03-03T09:30:00+01:00', endAt: '2026-03-03T09:50:00+01:00' },
        { startAt: '2026-03-03T10:00:00+01:00', endAt: '2026-03-03T10:20:00+01:00' },
        { startAt: '2026-03-03T10:30:00+01:00', endAt: '2026-03-03T10:50:00+01:00' },
      ]);
    } finally {
      await wide.close();
    }
  });
});
