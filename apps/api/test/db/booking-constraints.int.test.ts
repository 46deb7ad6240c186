import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError } from '../../src/db/errors.js';
import type { bookings, DoctorRow } from '../../src/db/schema/index.js';
import { type ClinicSite, makeClinicSite, makeColleague } from '../support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { makeBooking, makePatient } from '../support/factories.js';

// PRODUCT.md guarantee 1, held by the database itself: rows inserted straight into the table,
// bypassing every service, still cannot double-book a doctor, a patient or a diagnostic unit.

let database: TestDatabase;
let site: ClinicSite;
let otherDoctor: DoctorRow;
beforeAll(async () => {
  database = await createTestDatabase();
  site = await makeClinicSite(database.db);
  otherDoctor = await makeColleague(database.db, site);
});
afterAll(() => database.drop());

let day = 0;
/** A fresh hour each test, so that tests sharing the database never meet. */
function hour(): (minutes: number) => Date {
  const base = Date.UTC(2027, 0, 1) + ++day * 86_400_000 + 9 * 3_600_000;
  return (minutes) => new Date(base + minutes * 60_000);
}

async function sqlState(work: Promise<unknown>): Promise<{ code: string; constraint?: string }> {
  try {
    await work;
  } catch (err) {
    const pg = pgError(err);
    if (pg) return { code: pg.code, constraint: pg.constraint };
    throw err;
  }
  throw new Error('expected the database to refuse the row');
}

const patient = () => makePatient(database.db).then((p) => p.id);

type NewBooking = typeof bookings.$inferInsert;
/** A row of the site's doctor, for a new patient unless `values` name one. */
const doctorBooking = async (values: Partial<NewBooking> & Pick<NewBooking, 'startAt' | 'endAt'>) =>
  makeBooking(database.db, {
    locationId: site.location.id,
    doctorId: site.doctor.id,
    ...values,
    patientId: values.patientId ?? (await patient()),
  });

describe('the bookings table', () => {
  it('refuses a second active booking of a doctor that overlaps the first (23P01)', async () => {
    const at = hour();
    await doctorBooking({ startAt: at(0), endAt: at(30) });
    const refused = await sqlState(doctorBooking({ startAt: at(15), endAt: at(45) }));
    expect(refused).toEqual({ code: '23P01', constraint: 'bookings_doctor_no_overlap' });
  });

  it('lets back-to-back bookings touch, and a cancelled one free its time', async () => {
    const at = hour();
    await doctorBooking({ startAt: at(0), endAt: at(30) });
    await doctorBooking({ startAt: at(30), endAt: at(60) });
    const cancelled = await doctorBooking({ startAt: at(60), endAt: at(90), status: 'cancelled' });
    const rebooked = await doctorBooking({ startAt: at(60), endAt: at(90) });
    expect(rebooked.startAt).toEqual(cancelled.startAt);
  });

  it('treats a hold like a booking until it is released', async () => {
    const at = hour();
    await doctorBooking({ startAt: at(0), endAt: at(30), status: 'held', holdExpiresAt: at(5) });
    const refused = await sqlState(doctorBooking({ startAt: at(0), endAt: at(30) }));
    expect(refused.code).toBe('23P01');
  });

  it('refuses a patient two overlapping bookings, even with different doctors', async () => {
    const at = hour();
    const patientId = await patient();
    await doctorBooking({ patientId, startAt: at(0), endAt: at(30) });
    const refused = await sqlState(
      doctorBooking({ patientId, doctorId: otherDoctor.id, startAt: at(10), endAt: at(40) }),
    );
    expect(refused).toEqual({ code: '23P01', constraint: 'bookings_patient_no_overlap' });
  });

  it('runs a diagnostic location up to its capacity: one booking per unit at a time', async () => {
    const at = hour();
    const base = { locationId: site.location.id, diagnosticLocationId: site.scanner.id };
    const book = async (capacityUnit: number) =>
      makeBooking(database.db, {
        ...base,
        capacityUnit,
        patientId: await patient(),
        startAt: at(0),
        endAt: at(20),
      });
    await book(1);
    await book(2);
    expect(await sqlState(book(1))).toEqual({
      code: '23P01',
      constraint: 'bookings_diagnostic_unit_no_overlap',
    });
  });

  it('refuses malformed rows by check constraints (23514)', async () => {
    const at = hour();
    const base = { locationId: site.location.id, patientId: await patient() };
    const cases: [string, object][] = [
      ['bookings_period_check', { doctorId: site.doctor.id, startAt: at(30), endAt: at(30) }],
      [
        'bookings_subject_check',
        {
          doctorId: site.doctor.id,
          diagnosticLocationId: site.scanner.id,
          capacityUnit: 1,
          startAt: at(0),
          endAt: at(10),
        },
      ],
      [
        'bookings_capacity_unit_check',
        { diagnosticLocationId: site.scanner.id, startAt: at(0), endAt: at(10) },
      ],
      [
        'bookings_hold_check',
        { doctorId: site.doctor.id, status: 'held', startAt: at(0), endAt: at(10) },
      ],
      [
        'bookings_status_check',
        { doctorId: site.doctor.id, status: 'maybe', startAt: at(0), endAt: at(10) },
      ],
    ];
    for (const [constraint, values] of cases) {
      const refused = await sqlState(
        makeBooking(database.db, { ...base, startAt: at(0), endAt: at(10), ...values }),
      );
      expect(refused, constraint).toEqual({ code: '23514', constraint });
    }
  });
});
