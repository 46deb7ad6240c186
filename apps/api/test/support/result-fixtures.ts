import type { Database } from '../../src/db/client.js';
import type { BookingRow } from '../../src/db/schema/index.js';
import type { Clinic, PatientAccount } from './booking-fixtures.js';
import { makeBooking } from './factories.js';

// Bookings that can produce diagnostic reports, and report bodies to send.

/** A 30-minute booking of the clinic's scanner (capacity unit 1), checked in unless said. */
export function makeLabBooking(
  db: Database,
  clinic: Clinic,
  patient: PatientAccount,
  startAt: Date | string,
  status = 'checked_in',
): Promise<BookingRow> {
  const start = new Date(startAt);
  return makeBooking(db, {
    patientId: patient.patient.id,
    locationId: clinic.location.id,
    diagnosticLocationId: clinic.scanner.id,
    capacityUnit: 1,
    startAt: start,
    endAt: new Date(start.getTime() + 30 * 60_000),
    status,
    ...(status === 'held' ? { holdExpiresAt: new Date(start.getTime() + 3_600_000) } : {}),
  });
}

/** A 30-minute visit with the clinic's doctor, completed unless said. */
export function makeVisit(
  db: Database,
  clinic: Clinic,
  patient: PatientAccount,
  startAt: Date | string,
  status = 'completed',
): Promise<BookingRow> {
  const start = new Date(startAt);
  return makeBooking(db, {
    patientId: patient.patient.id,
    locationId: clinic.location.id,
    doctorId: clinic.doctor.id,
    startAt: start,
    endAt: new Date(start.getTime() + 30 * 60_000),
    status,
  });
}

/** Potassium with its range and critical limits: `value` decides the flag. */
export const potassium = (value: string) => ({
  name: 'Potassium',
  loincCode: '2823-3',
  valueQuantity: value,
  unit: 'mmol/L',
  referenceRanges: [{ low: '3.5', high: '5.1', criticalLow: '2.5', criticalHigh: '6.5' }],
});

/** A report body: final, with one potassium value. */
export const finalReport = (value = '4.2') => ({
  status: 'final',
  title: 'Electrolytes',
  observations: [potassium(value)],
});
