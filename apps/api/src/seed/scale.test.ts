import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { materialize, type SeedRows } from './rows.js';
import { generateScale } from './scale.js';

const idsOf = (rows: SeedRows) => Object.values(rows).flatMap((table) => table.map((r) => r.id!));

describe('scale data', () => {
  it.each([
    [1, 50, 1000, 200],
    [0.1, 5, 100, 20],
    [2.5, 125, 2500, 500],
    [0.001, 1, 20, 4],
  ])('at scale %d has %d locations, %d doctors and %d diagnostic offers', (scale, l, d, dl) => {
    const set = generateScale(scale);
    const rows = materialize(set);
    expect(rows.locations).toHaveLength(l);
    expect(rows.doctors).toHaveLength(d);
    expect(rows.diagnosticLocations).toHaveLength(dl);
    expect(rows.specialties).toHaveLength(20);
    expect(rows.diagnostics).toHaveLength(20);
    for (const [name, table] of Object.entries(set)) {
      expect(rows[name as keyof SeedRows], name).toHaveLength(table.count);
    }
  });

  it('is identical, ids included, every time the same scale is generated', () => {
    expect(materialize(generateScale(1))).toEqual(materialize(generateScale(1)));
  });

  it('gives other locations and doctors for another seed but the same shared catalog', () => {
    const a = materialize(generateScale(0.2));
    const b = materialize(generateScale(0.2, 'another seed'));
    const doctorIds = new Set(a.doctors.map((d) => d.id));
    expect(b.doctors.some((d) => doctorIds.has(d.id))).toBe(false);
    expect(b.doctors.map((d) => d.fullName)).not.toEqual(a.doctors.map((d) => d.fullName));
    expect(b.specialties).toEqual(a.specialties);
  });

  it('grows a smaller scale into a larger one without changing the rows it already has', () => {
    const small = materialize(generateScale(0.1));
    const large = materialize(generateScale(0.3));
    expect(large.doctors.length).toBeGreaterThan(small.doctors.length);
    for (const [name, rows] of Object.entries(small)) {
      expect(large[name as keyof SeedRows].slice(0, rows.length), name).toEqual(rows);
    }
  });

  it('uses unique UUIDv7 ids in every table', () => {
    const ids = idsOf(materialize(generateScale(1)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
  });

  it('only references rows of the same set and offers each diagnostic once per location', () => {
    const rows = materialize(generateScale(1));
    const locationIds = new Set(rows.locations.map((l) => l.id));
    const specialtyIds = new Set(rows.specialties.map((s) => s.id));
    const diagnosticIds = new Set(rows.diagnostics.map((d) => d.id));
    expect(rows.doctors.every((d) => locationIds.has(d.locationId))).toBe(true);
    expect(rows.doctors.every((d) => specialtyIds.has(d.specialtyId))).toBe(true);
    expect(rows.workingHours.every((w) => locationIds.has(w.locationId))).toBe(true);
    expect(rows.diagnosticLocations.every((o) => diagnosticIds.has(o.diagnosticId))).toBe(true);
    const pairs = new Set(rows.diagnosticLocations.map((o) => `${o.diagnosticId}/${o.locationId}`));
    expect(pairs.size).toBe(rows.diagnosticLocations.length);
  });

  it('names locations uniquely however many there are', () => {
    const names = [...generateScale(12).locations.rows()].map((l) => l.name.toLowerCase());
    expect(names).toHaveLength(600);
    expect(new Set(names).size).toBe(names.length);
  });

  it('prices every doctor and offer as a positive two-decimal amount', () => {
    const rows = materialize(generateScale(1));
    const prices = [...rows.doctors, ...rows.diagnosticLocations].map((r) => r.price);
    expect(prices.every((p) => /^[1-9]\d{0,7}\.\d{2}$/.test(p))).toBe(true);
  });

  it('spreads locations over several time zones, each with its currency', () => {
    const { locations } = materialize(generateScale(1));
    const zones = new Map(locations.map((l) => [l.timeZone, l.currency]));
    expect(zones.size).toBeGreaterThanOrEqual(8);
    expect(zones.get('Asia/Kolkata')).toBe('INR');
    expect(zones.get('Europe/London')).toBe('GBP');
  });
});
