import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import { BOOKING_NOW, makeClinic } from '../../../test/support/booking-fixtures.js';
import { makeDoctor } from '../../../test/support/factories.js';
import { doctorRatings, doctors } from '../../db/schema/index.js';

let t: TestApp;
let doctorId: string;
let clinic: Awaited<ReturnType<typeof makeClinic>>;

beforeAll(async () => {
  t = await createTestApp({ clock: () => BOOKING_NOW });
  clinic = await makeClinic(t.database.db, t.tokens);
  doctorId = (
    await makeDoctor(t.database.db, {
      locationId: clinic.location.id,
      specialtyId: clinic.doctor.specialtyId,
    })
  ).id;
});
afterAll(() => t.close());

interface Report {
  received: number;
  accepted: { index: number; externalId: string | null; ratingId: string }[];
  alreadyImported: { index: number; externalId: string; ratingId: string }[];
  refused: { index: number; externalId: string | null; reason: string }[];
}

const importRatings = (items: object[], headers = t.asAdmin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/imports/ratings', headers, payload: { items } });

const figures = async (id: string) =>
  body(await t.app.inject({ url: `/api/v1/doctors/${id}` })) as Record<string, unknown>;

describe('importing historical ratings', () => {
  it('reports every item as accepted or refused with its reason, and counts them apart', async () => {
    const unknown = '0190b2c4-0000-7000-8000-000000000000';
    const at = '2025-06-01T10:00:00Z';
    const items = [
      { doctorId, stars: 5, comment: 'Old system', ratedAt: at, externalId: 'old-1' },
      { doctorId, stars: 3, ratedAt: at, externalId: 'old-2' },
      { doctorId: unknown, stars: 4, ratedAt: at, externalId: 'old-3' },
      { doctorId, stars: 0, ratedAt: at, externalId: 'old-4' },
      { doctorId, stars: 9, ratedAt: at },
      { doctorId, stars: 4, ratedAt: '2030-01-01T00:00:00Z', externalId: 'old-6' },
      { doctorId, stars: 2, ratedAt: at, externalId: 'old-1' },
      { doctorId, stars: 4, ratedAt: at },
    ];
    const response = await importRatings(items);
    expect(response.statusCode).toBe(200);
    const report = body<Report>(response);
    expect(report.received).toBe(8);
    expect(report.accepted.map((a) => [a.index, a.externalId])).toEqual([
      [0, 'old-1'],
      [1, 'old-2'],
      [7, null],
    ]);
    expect(report.refused.map((r) => [r.index, r.reason])).toEqual([
      [2, 'unknown-doctor'],
      [3, 'stars-out-of-range'],
      [4, 'stars-out-of-range'],
      [5, 'rated-in-future'],
      [6, 'duplicate-external-id'],
    ]);
    expect(report.alreadyImported).toEqual([]);
    const listed = [...report.accepted, ...report.refused].map((x) => x.index).sort();
    expect(listed).toEqual(items.map((_, i) => i));

    const doctor = await figures(doctorId);
    expect(doctor).toMatchObject({
      ratingAvg: null,
      ratingCount: 0,
      importedRatingAvg: 4,
      importedRatingCount: 3,
    });
    const rows = await t.database.db
      .select()
      .from(doctorRatings)
      .where(eq(doctorRatings.doctorId, doctorId));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ source: 'imported', bookingId: null, patientId: null });
    }
    const publicList = body<{ items: { source: string; ratedAt: string }[] }>(
      await t.app.inject({ url: `/api/v1/doctors/${doctorId}/ratings` }),
    );
    expect(publicList.items).toHaveLength(3);
    expect(publicList.items[0]).toMatchObject({
      source: 'imported',
      ratedAt: '2025-06-01T12:00:00+02:00',
    });
  });

  it('does not duplicate an externalId imported before: the report names the existing rating', async () => {
    const items = [
      { doctorId, stars: 1, ratedAt: '2025-01-01T00:00:00Z', externalId: 'again-1' },
      { doctorId, stars: 2, ratedAt: '2025-01-01T00:00:00Z', externalId: 'again-2' },
    ];
    const first = body<Report>(await importRatings(items));
    const before = await figures(doctorId);
    const second = body<Report>(
      await importRatings([...items, { ...items[0]!, externalId: 'again-3' }]),
    );
    expect(second.alreadyImported).toEqual([
      { index: 0, externalId: 'again-1', ratingId: first.accepted[0]!.ratingId },
      { index: 1, externalId: 'again-2', ratingId: first.accepted[1]!.ratingId },
    ]);
    expect(second.accepted.map((a) => a.externalId)).toEqual(['again-3']);
    const after = await figures(doctorId);
    expect(after.importedRatingCount).toBe((before.importedRatingCount as number) + 1);
    const [row] = await t.database.db.select().from(doctors).where(eq(doctors.id, doctorId));
    const stored = await t.database.db
      .select()
      .from(doctorRatings)
      .where(eq(doctorRatings.doctorId, doctorId));
    expect(row!.importedRatingCount).toBe(stored.length);
    expect(row!.importedRatingSum).toBe(stored.reduce((s, r) => s + r.stars, 0));
  });

  it('is for admins only, bounded to 1000 items, and refuses a malformed item as a 400', async () => {
    const item = { doctorId, stars: 4, ratedAt: '2025-01-01T00:00:00Z' };
    expectProblem(await importRatings([item], clinic.staff.headers), 403);
    expectProblem(await importRatings(Array.from({ length: 1001 }, () => item)), 400);
    expectProblem(await importRatings([]), 400);
    const malformed = await importRatings([item, { ...item, patientId: doctorId }]);
    expect(expectProblem(malformed, 400).errors?.map((e) => e.path)).toContain(
      '/body/items/1/patientId',
    );
    const full = await importRatings(
      Array.from({ length: 1000 }, () => ({ ...item, comment: 'x'.repeat(100) })),
    );
    expect(full.statusCode).toBe(200);
    expect(body<Report>(full).accepted).toHaveLength(1000);
  });
});
