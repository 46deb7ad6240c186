import type { CreatePrescriptionInput, PrescriptionView } from '@medsync/contracts';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { type PrescriptionRow, prescriptions } from '../../src/db/schema/index.js';
import type { TestApp } from './app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinicBooking,
  type PatientAccount,
} from './booking-fixtures.js';

// Visits to write prescriptions in, a valid body, and the calls of the prescription routes.

type Headers = { authorization: string };
const HOUR = 3_600_000;
let visits = 0;

/**
 * A visit of `patient` with the clinic's doctor (checked in unless `values` say otherwise), each
 * at 06:00 Berlin on its own day before BOOKING_NOW's: never overlapping another.
 */
export function makeVisit(
  t: TestApp,
  clinic: Clinic,
  patient: PatientAccount,
  values: Parameters<typeof makeClinicBooking>[4] = {},
) {
  const start = new Date(BOOKING_NOW.getTime() - (1 + 24 * visits++) * HOUR);
  return makeClinicBooking(t.database.db, clinic, patient, start, {
    status: 'checked_in',
    ...values,
  });
}

/** The local date of a visit in the clinic's zone (Berlin), and `days` after it. */
export function visitDay(visit: { startAt: Date }, days = 0): string {
  return Temporal.Instant.fromEpochMilliseconds(visit.startAt.getTime())
    .toZonedDateTimeISO('Europe/Berlin')
    .toPlainDate()
    .add({ days })
    .toString();
}

/** A valid prescription body; `overrides` replace fields. */
export const prescriptionBody = (
  overrides: Partial<CreatePrescriptionInput> = {},
): CreatePrescriptionInput => ({
  medication: { name: 'Amoxicillin', strength: '500 mg', form: 'capsule' },
  dose: '1 capsule',
  route: 'oral',
  frequency: 'three times a day',
  durationDays: 7,
  quantity: { value: '21', unit: 'capsule' },
  repeats: 1,
  instructions: 'Take with water, finish the course',
  ...overrides,
});

export const writePrescription = (
  t: TestApp,
  bookingId: string,
  headers: Headers & Record<string, string>,
  payload: object = prescriptionBody(),
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/prescriptions`,
    headers,
    payload,
  });

export const revisePrescription = (t: TestApp, id: string, headers: Headers, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/prescriptions/${id}/revisions`, headers, payload });

export const changeStatus = (
  t: TestApp,
  id: string,
  headers: Headers,
  revision: number,
  status: string,
  reason = 'clinical decision',
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/prescriptions/${id}/status`,
    headers,
    payload: { revision, status, reason },
  });

export const getJson = (t: TestApp, url: string, headers: Headers) =>
  t.app.inject({ url: `/api/v1${url}`, headers });

/** The prescription a 2xx answered with. */
export const prescriptionOf = (response: LightMyRequestResponse) =>
  JSON.parse(response.body) as PrescriptionView;

/** Every stored revision of a prescription, oldest first. */
export const revisionRows = (t: TestApp, id: string): Promise<PrescriptionRow[]> =>
  t.database.db
    .select()
    .from(prescriptions)
    .where(eq(prescriptions.lineageId, id))
    .orderBy(prescriptions.revision);
