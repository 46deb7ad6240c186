import { describe, expect, it } from 'vitest';
import { generateDemo } from './demo.js';
import { APPOINTMENT_MINUTES, materialize, type NewWorkingHours } from './rows.js';
import { generateScale } from './scale.js';

const demo = materialize(generateDemo());

const hoursOf = (locationId: string, weekday: number): NewWorkingHours[] =>
  demo.workingHours.filter((w) => w.locationId === locationId && w.weekday === weekday);
const crossesMidnight = (w: NewWorkingHours) => w.closesAt <= w.opensAt;

describe('demo network', () => {
  it('is the same every time it is generated', () => {
    expect(materialize(generateDemo())).toEqual(demo);
  });

  it('has about five clinics in at least two time zones, each with an ISO 4217 currency', () => {
    expect(demo.locations).toHaveLength(5);
    expect(new Set(demo.locations.map((l) => l.timeZone)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(demo.locations.map((l) => l.currency)).size).toBeGreaterThanOrEqual(2);
    expect(demo.locations.every((l) => /^[A-Z]{3}$/.test(l.currency))).toBe(true);
  });

  it('opens weekdays around a lunch break and Saturday mornings, and closes on Sunday', () => {
    for (const { id } of demo.locations) {
      for (const weekday of [1, 2, 3, 4, 5]) {
        const day = hoursOf(id!, weekday).filter((w) => !crossesMidnight(w));
        expect(day).toHaveLength(2);
        expect(day[0]!.closesAt < day[1]!.opensAt).toBe(true);
      }
      const saturday = hoursOf(id!, 6).filter((w) => !crossesMidnight(w));
      expect(saturday).toHaveLength(1);
      expect(saturday[0]!.closesAt <= '14:00').toBe(true);
      expect(hoursOf(id!, 7)).toEqual([]);
    }
  });

  it('has a Friday evening interval that closes after midnight', () => {
    const late = demo.workingHours.filter(crossesMidnight);
    expect(late.length).toBeGreaterThan(0);
    expect(late).toContainEqual(
      expect.objectContaining({ weekday: 5, opensAt: '18:00', closesAt: '02:00' }),
    );
  });

  it('has a dozen or more specialties, each described', () => {
    expect(demo.specialties.length).toBeGreaterThanOrEqual(12);
    expect(demo.specialties.every((s) => s.description)).toBe(true);
  });

  it('fills every field of every doctor', () => {
    expect(demo.doctors.length).toBeGreaterThanOrEqual(40);
    for (const doctor of demo.doctors) {
      for (const field of [
        'fullName',
        'photoUrl',
        'experience',
        'certificates',
        'services',
      ] as const) {
        expect(doctor[field], field).toMatch(/\S/);
      }
      expect(doctor.price).toMatch(/^[1-9]\d*\.\d{2}$/);
      expect(APPOINTMENT_MINUTES).toContain(doctor.appointmentMinutes);
    }
    const specialtyIds = new Set(demo.specialties.map((s) => s.id));
    expect(new Set(demo.doctors.map((d) => d.specialtyId))).toEqual(specialtyIds);
  });

  it('offers about ten described diagnostics, each somewhere, with capacity 1 to 3', () => {
    expect(demo.diagnostics.length).toBeGreaterThanOrEqual(10);
    expect(
      demo.diagnostics.every((d) => d.description && d.preparation && d.durationMinutes > 0),
    ).toBe(true);
    const offered = new Set(demo.diagnosticLocations.map((o) => o.diagnosticId));
    expect(offered).toEqual(new Set(demo.diagnostics.map((d) => d.id)));
    expect(demo.diagnosticLocations.every((o) => o.capacity! >= 1 && o.capacity! <= 3)).toBe(true);
  });

  it('shares no location name or id with scale data, so both fit in one database', () => {
    const scale = [...generateScale(10).locations.rows()];
    const scaleNames = new Set(scale.map((l) => l.name.toLowerCase()));
    const scaleIds = new Set(scale.map((l) => l.id));
    expect(demo.locations.some((l) => scaleNames.has(l.name.toLowerCase()))).toBe(false);
    expect(demo.locations.some((l) => scaleIds.has(l.id))).toBe(false);
  });
});
