import type { Database } from '../../src/db/client.js';
import {
  type BookingRow,
  bookings,
  type DiagnosticLocationRow,
  type DiagnosticRow,
  type DoctorRow,
  diagnosticLocations,
  diagnostics,
  doctors,
  type LocationRow,
  locations,
  type PatientRow,
  type PrescriptionRow,
  patients,
  prescriptions,
  type SpecialtyRow,
  specialties,
  workingHours,
} from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';

// Factories insert valid rows straight into the database; each test creates what it needs.
// Names carry a counter so that tests sharing one database never collide.

let counter = 0;
const unique = (prefix: string) =>
  `${prefix} ${++counter}-${Math.random().toString(36).slice(2, 7)}`;

export async function makeSpecialty(
  db: Database,
  overrides: Partial<typeof specialties.$inferInsert> = {},
): Promise<SpecialtyRow> {
  const [row] = await db
    .insert(specialties)
    .values({ name: unique('Specialty'), ...overrides })
    .returning();
  return row!;
}

export async function makeLocation(
  db: Database,
  overrides: Partial<typeof locations.$inferInsert> = {},
): Promise<LocationRow> {
  const [row] = await db
    .insert(locations)
    .values({
      name: unique('Clinic'),
      address: '1 Main Street',
      phone: '+49 30 1234567',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      ...overrides,
    })
    .returning();
  return row!;
}

/** Opening intervals `[weekday, 'HH:MM', 'HH:MM']` for a location. */
export async function makeWorkingHours(
  db: Database,
  locationId: string,
  intervals: [number, string, string][],
): Promise<void> {
  if (intervals.length === 0) return;
  await db
    .insert(workingHours)
    .values(
      intervals.map(([weekday, opensAt, closesAt]) => ({ locationId, weekday, opensAt, closesAt })),
    );
}

export async function makeDoctor(
  db: Database,
  refs: { locationId: string; specialtyId: string },
  overrides: Partial<typeof doctors.$inferInsert> = {},
): Promise<DoctorRow> {
  const [row] = await db
    .insert(doctors)
    .values({ fullName: unique('Dr. Test'), price: '100.00', ...refs, ...overrides })
    .returning();
  return row!;
}

export async function makeDiagnostic(
  db: Database,
  overrides: Partial<typeof diagnostics.$inferInsert> = {},
): Promise<DiagnosticRow> {
  const [row] = await db
    .insert(diagnostics)
    .values({ name: unique('Diagnostic'), durationMinutes: 20, ...overrides })
    .returning();
  return row!;
}

export async function makeDiagnosticLocation(
  db: Database,
  refs: { diagnosticId: string; locationId: string },
  overrides: Partial<typeof diagnosticLocations.$inferInsert> = {},
): Promise<DiagnosticLocationRow> {
  const [row] = await db
    .insert(diagnosticLocations)
    .values({ price: '50.00', capacity: 1, ...refs, ...overrides })
    .returning();
  return row!;
}

let patientCounter = 0;

export async function makePatient(
  db: Database,
  overrides: Partial<typeof patients.$inferInsert> = {},
): Promise<PatientRow> {
  const n = ++patientCounter;
  const [row] = await db
    .insert(patients)
    .values({
      fullName: `Test Patient ${n}`,
      dateOfBirth: '1985-06-15',
      sex: 'unknown',
      email: `patient${n}-${Math.random().toString(36).slice(2, 7)}@example.test`,
      ...overrides,
    })
    .returning();
  return row!;
}

/** A booking row straight into the table: for tests of the database's own guarantees. */
export async function makeBooking(
  db: Database,
  values: Pick<typeof bookings.$inferInsert, 'patientId' | 'locationId' | 'startAt' | 'endAt'> &
    Partial<typeof bookings.$inferInsert>,
): Promise<BookingRow> {
  const [row] = await db
    .insert(bookings)
    .values({ status: 'booked', price: '100.00', currency: 'EUR', ...values })
    .returning();
  return row!;
}

/** The first revision of an active prescription, written in `booking` (a doctor's visit). */
export async function makePrescription(
  db: Database,
  booking: Pick<BookingRow, 'id' | 'patientId' | 'doctorId' | 'locationId'>,
  authorAccountId: string,
  overrides: Partial<typeof prescriptions.$inferInsert> = {},
): Promise<PrescriptionRow> {
  const id = newId();
  const [row] = await db
    .insert(prescriptions)
    .values({
      id,
      lineageId: id,
      revision: 1,
      patientId: booking.patientId,
      bookingId: booking.id,
      doctorId: booking.doctorId!,
      locationId: booking.locationId,
      status: 'active',
      change: 'created',
      medicationName: 'Amoxicillin',
      medicationStrength: '500 mg',
      medicationForm: 'capsule',
      dose: '1 capsule',
      route: 'oral',
      frequency: 'three times a day',
      durationDays: 7,
      quantity: '21',
      quantityUnit: 'capsule',
      repeats: 0,
      validFrom: '2027-03-01',
      validUntil: '2027-05-30',
      instructions: 'Take with water',
      authorAccountId,
      ...overrides,
    })
    .returning();
  return row!;
}
