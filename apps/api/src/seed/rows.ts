import type {
  diagnosticLocations,
  diagnostics,
  doctors,
  locations,
  specialties,
  workingHours,
} from '../db/schema/index.js';
import { DIAGNOSTICS } from './catalog/diagnostics.js';
import type { Interval } from './catalog/hours.js';
import { FIRST_NAMES, HOSPITALS, LAST_NAMES } from './catalog/names.js';
import type { City, Currency } from './catalog/places.js';
import { SPECIALTIES } from './catalog/specialties.js';
import { randomFor, seededId, seededInstant } from './random.js';

export type NewSpecialty = typeof specialties.$inferInsert;
export type NewLocation = typeof locations.$inferInsert;
export type NewWorkingHours = typeof workingHours.$inferInsert;
export type NewDoctor = typeof doctors.$inferInsert;
export type NewDiagnostic = typeof diagnostics.$inferInsert;
export type NewDiagnosticLocation = typeof diagnosticLocations.$inferInsert;

/** Rows of one table, generated on demand so that large scales never sit in memory at once. */
export interface TableRows<R> {
  count: number;
  rows(): Iterable<R>;
}

/** Everything one seed run inserts, table by table. */
export interface SeedSet {
  specialties: TableRows<NewSpecialty>;
  locations: TableRows<NewLocation>;
  workingHours: TableRows<NewWorkingHours>;
  diagnostics: TableRows<NewDiagnostic>;
  doctors: TableRows<NewDoctor>;
  diagnosticLocations: TableRows<NewDiagnosticLocation>;
}

export const tableOf = <R>(rows: readonly R[]): TableRows<R> => ({
  count: rows.length,
  rows: () => rows,
});

// Specialties and diagnostics are one fixed catalog with the same ids in every data set, so
// the demo network and any scale can share a database without clashing on their unique names.
const CATALOG_SEED = 'medsync-catalog';
export const specialtyId = (index: number): string => seededId(CATALOG_SEED, 'specialty', index);
export const diagnosticId = (index: number): string => seededId(CATALOG_SEED, 'diagnostic', index);

export const APPOINTMENT_MINUTES = [15, 20, 30, 45] as const;

const stamped = (index: number) => ({
  createdAt: seededInstant(index),
  updatedAt: seededInstant(index),
});

export function specialtyRows(): NewSpecialty[] {
  return SPECIALTIES.map((s, i) => ({
    id: specialtyId(i),
    name: s.name,
    description: s.description,
    ...stamped(i),
  }));
}

export function diagnosticRows(count = DIAGNOSTICS.length): NewDiagnostic[] {
  return DIAGNOSTICS.slice(0, count).map((d, i) => ({
    id: diagnosticId(i),
    name: d.name,
    description: d.description,
    preparation: d.preparation,
    durationMinutes: d.durationMinutes,
    ...stamped(i),
  }));
}

/** A fee converted from euros and rounded to the steps people expect in that currency. */
export function feeIn(currency: Currency, euros: number): string {
  const steps = Math.max(1, Math.round((euros * currency.perEuro) / currency.step));
  return (steps * currency.step).toFixed(2);
}

export function workingHourRows(
  seed: string,
  location: { index: number; id: string },
  intervals: readonly Interval[],
): NewWorkingHours[] {
  return intervals.map(([weekday, opensAt, closesAt], part) => ({
    id: seededId(seed, 'working-hours', location.index, part),
    locationId: location.id,
    weekday,
    opensAt,
    closesAt,
  }));
}

/** A doctor with every profile field filled; fees follow the specialty, experience and currency. */
export function doctorRow(
  seed: string,
  index: number,
  at: { locationId: string; city: City; specialtyIndex: number },
): NewDoctor {
  const rng = randomFor(seed, 'doctor', index);
  const specialty = SPECIALTIES[at.specialtyIndex]!;
  const id = seededId(seed, 'doctor', index);
  const years = rng.int(2, 35);
  const seniority = 0.85 + years / 100;
  return {
    id,
    locationId: at.locationId,
    specialtyId: specialtyId(at.specialtyIndex),
    fullName: `Dr. ${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    price: feeIn(at.city.currency, specialty.basePriceEur * seniority * (0.9 + rng.next() * 0.2)),
    photoUrl: `https://images.medsync.example/doctors/${id}.jpg`,
    experience: `${years} years of clinical practice in ${specialty.name}. Previously at ${at.city.name} ${rng.pick(HOSPITALS)}.`,
    certificates: [
      `Board certification in ${specialty.name}`,
      ...rng.sample(specialty.certificates, rng.int(1, 2)),
    ].join('; '),
    services: rng.sample(specialty.services, rng.int(2, 4)).join('; '),
    appointmentMinutes: rng.pick(APPOINTMENT_MINUTES),
    ...stamped(index),
  };
}

export function diagnosticLocationRow(
  seed: string,
  index: number,
  at: { diagnosticIndex: number; locationId: string; currency: Currency },
): NewDiagnosticLocation {
  const rng = randomFor(seed, 'diagnostic-location', index);
  const diagnostic = DIAGNOSTICS[at.diagnosticIndex]!;
  return {
    id: seededId(seed, 'diagnostic-location', index),
    diagnosticId: diagnosticId(at.diagnosticIndex),
    locationId: at.locationId,
    price: feeIn(at.currency, diagnostic.basePriceEur * (0.9 + rng.next() * 0.3)),
    capacity: rng.int(1, 3),
    ...stamped(index),
  };
}

export type SeedRows = {
  [K in keyof SeedSet]: SeedSet[K] extends TableRows<infer R> ? R[] : never;
};

/** Every row of a seed set in memory: for tests and inspection of small sets. */
export function materialize(set: SeedSet): SeedRows {
  const entries = Object.entries(set).map(([name, table]) => [name, [...table.rows()]]);
  return Object.fromEntries(entries) as SeedRows;
}
