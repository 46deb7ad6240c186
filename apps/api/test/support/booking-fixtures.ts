import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../src/db/client.js';
import {
  type AuditEventRow,
  auditEvents,
  type BookingRow,
  bookings,
  type DiagnosticLocationRow,
  type DoctorRow,
  type LocationRow,
  type PatientRow,
} from '../../src/db/schema/index.js';
import type { AccessTokens } from '../../src/modules/auth/tokens.js';
import {
  makeBooking,
  makeDiagnostic,
  makeDiagnosticLocation,
  makeDoctor,
  makeLocation,
  makePatient,
  makeSpecialty,
  makeWorkingHours,
} from './factories.js';
import { makeAccount, type TestAccount } from './identities.js';

// A small clinic to book at: one location in Berlin open every day 08:00–18:00, a doctor with
// 30-minute appointments, a diagnostic with two machines, two patients registered there, the
// staff of the location, staff of another location and the doctor's own account.

/** The fixed "now" of booking tests: a Monday, 07:00 in Berlin (before the March DST change). */
export const BOOKING_NOW = new Date('2027-03-01T06:00:00Z');

export interface PatientAccount extends TestAccount {
  patient: PatientRow;
}

/** What the clinic offers, without anyone to book it: for tests that need no accounts. */
export interface ClinicSite {
  location: LocationRow;
  doctor: DoctorRow;
  /** A diagnostic offered here with capacity 2: two bookings may share a slot. */
  scanner: DiagnosticLocationRow;
}

export interface Clinic extends ClinicSite {
  patientA: PatientAccount;
  patientB: PatientAccount;
  /** Staff of this location. */
  staff: TestAccount;
  /** Another location, with no hours: `staffElsewhere` works there. */
  elsewhere: LocationRow;
  /** Staff of `elsewhere`: none of this clinic's patients or bookables are theirs. */
  staffElsewhere: TestAccount;
  /** The account of `doctor`. */
  doctorAccount: TestAccount;
}

const EVERY_DAY_8_TO_18 = [1, 2, 3, 4, 5, 6, 7].map((weekday): [number, string, string] => [
  weekday,
  '08:00',
  '18:00',
]);

/** The clinic's location, doctor and scanner; the location open `hours` if given. */
export async function makeClinicSite(
  db: Database,
  hours: [number, string, string][] = EVERY_DAY_8_TO_18,
): Promise<ClinicSite> {
  const location = await makeLocation(db, { timeZone: 'Europe/Berlin', currency: 'EUR' });
  await makeWorkingHours(db, location.id, hours);
  const specialty = await makeSpecialty(db);
  const doctor = await makeDoctor(
    db,
    { locationId: location.id, specialtyId: specialty.id },
    { appointmentMinutes: 30, price: '100.00' },
  );
  const diagnostic = await makeDiagnostic(db, { durationMinutes: 30 });
  const scanner = await makeDiagnosticLocation(
    db,
    { diagnosticId: diagnostic.id, locationId: location.id },
    { capacity: 2, price: '50.00' },
  );
  return { location, doctor, scanner };
}

export async function makeClinic(db: Database, tokens: AccessTokens): Promise<Clinic> {
  const site = await makeClinicSite(db);
  const { location, doctor } = site;
  const elsewhere = await makeLocation(db);
  return {
    ...site,
    patientA: await makePatientAccount(db, tokens, location.id),
    patientB: await makePatientAccount(db, tokens, location.id),
    staff: await makeAccount(db, tokens, 'staff', { locationIds: [location.id] }),
    elsewhere,
    staffElsewhere: await makeAccount(db, tokens, 'staff', { locationIds: [elsewhere.id] }),
    doctorAccount: await makeAccount(db, tokens, 'doctor', { doctorId: doctor.id }),
  };
}

/** A second doctor at the clinic's location, with the same 30-minute appointments. */
export function makeColleague(db: Database, clinic: ClinicSite): Promise<DoctorRow> {
  return makeDoctor(
    db,
    { locationId: clinic.location.id, specialtyId: clinic.doctor.specialtyId },
    { appointmentMinutes: 30 },
  );
}

/** A 30-minute booking of `patient` with the clinic's doctor, written straight to the table. */
export function makeClinicBooking(
  db: Database,
  clinic: Clinic,
  patient: PatientAccount,
  startAt: Date | string,
  values: Partial<typeof bookings.$inferInsert> = {},
): Promise<BookingRow> {
  const start = new Date(startAt);
  return makeBooking(db, {
    patientId: patient.patient.id,
    locationId: clinic.location.id,
    doctorId: clinic.doctor.id,
    startAt: start,
    endAt: new Date(start.getTime() + 30 * 60_000),
    ...values,
  });
}

/** A patient registered at `locationId` (if given), with a signed-in account. */
export async function makePatientAccount(
  db: Database,
  tokens: AccessTokens,
  locationId?: string,
): Promise<PatientAccount> {
  const patient = await makePatient(db, locationId ? { registeredAtLocationId: locationId } : {});
  return { patient, ...(await makeAccount(db, tokens, 'patient', { patientId: patient.id })) };
}

/**
 * A slot start in the clinic's zone, `days` after BOOKING_NOW's local date, as the availability
 * endpoint lists it: `slotAt(clinic, 1, '09:00')` → `2027-03-02T09:00:00+01:00`.
 */
export function slotAt(clinic: Clinic, days: number, time: string): string {
  const zone = clinic.location.timeZone;
  const today = Temporal.Instant.fromEpochMilliseconds(BOOKING_NOW.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate();
  return today
    .add({ days })
    .toPlainDateTime(Temporal.PlainTime.from(time))
    .toZonedDateTime(zone)
    .toString({ timeZoneName: 'never' });
}

/** A clock tests can move: pass `clock.now` to createTestApp. */
export interface TestClock {
  now: () => Date;
  advance(minutes: number): void;
  set(date: Date): void;
}

export function testClock(start: Date = BOOKING_NOW): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (minutes) => {
      current += minutes * 60_000;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

/** Injects; returns the response and the audit events recorded under its (server's) request id. */
export async function injectAudited(
  t: { app: FastifyInstance; database: { db: Database } },
  options: InjectOptions,
): Promise<{ response: LightMyRequestResponse; events: AuditEventRow[] }> {
  const response = await t.app.inject(options);
  const events = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.requestId, String(response.headers['x-request-id'])));
  return { response, events };
}

/** A booking's row as stored. */
export async function bookingRow(
  t: { database: { db: Database } },
  id: string,
): Promise<BookingRow> {
  const [row] = await t.database.db.select().from(bookings).where(eq(bookings.id, id));
  return row!;
}

/** The audit events recorded under a response's request id. */
export function auditEventsOf(
  t: { database: { db: Database } },
  response: LightMyRequestResponse,
): Promise<AuditEventRow[]> {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.requestId, String(response.headers['x-request-id'])));
}
