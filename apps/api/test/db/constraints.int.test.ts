import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { pgError, rethrowIfReferenced, SqlState } from '../../src/db/errors.js';
import { doctors, locations, specialties, workingHours } from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  makeDiagnostic,
  makeDiagnosticLocation,
  makeDoctor,
  makeLocation,
  makeSpecialty,
  makeWorkingHours,
} from '../support/factories.js';

// The database is the last line of defence: these rows bypass every service and validator.

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

/** Runs a write that must fail, and returns the SQLSTATE and constraint the database reported. */
async function violation(write: () => Promise<unknown>) {
  let thrown: unknown;
  try {
    await write();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'the database accepted the row').toBeDefined();
  return pgError(thrown);
}

async function doctorRefs() {
  const [location, specialty] = await Promise.all([makeLocation(db), makeSpecialty(db)]);
  return { locationId: location.id, specialtyId: specialty.id };
}

describe('check constraints', () => {
  it('refuses a negative doctor price, through Drizzle and through raw SQL', async () => {
    const refs = await doctorRefs();
    expect(await violation(() => makeDoctor(db, refs, { price: '-0.01' }))).toEqual({
      code: SqlState.checkViolation,
      constraint: 'doctors_price_check',
    });
    const id = newId();
    const raw = await violation(() =>
      db.execute(sql`insert into doctors (id, location_id, specialty_id, full_name, price)
        values (${id}, ${refs.locationId}, ${refs.specialtyId}, 'Dr. Raw', -5)`),
    );
    expect(raw).toEqual({ code: SqlState.checkViolation, constraint: 'doctors_price_check' });
    expect(await db.select().from(doctors).where(eq(doctors.id, id))).toEqual([]);
  });

  it('refuses a negative diagnostic price and a capacity of 0', async () => {
    const [diagnostic, location] = await Promise.all([makeDiagnostic(db), makeLocation(db)]);
    const refs = { diagnosticId: diagnostic.id, locationId: location.id };
    expect(await violation(() => makeDiagnosticLocation(db, refs, { price: '-1.00' }))).toEqual({
      code: SqlState.checkViolation,
      constraint: 'diagnostic_locations_price_check',
    });
    expect(await violation(() => makeDiagnosticLocation(db, refs, { capacity: 0 }))).toEqual({
      code: SqlState.checkViolation,
      constraint: 'diagnostic_locations_capacity_check',
    });
  });

  it('refuses working hours on weekday 8 or 0', async () => {
    const location = await makeLocation(db);
    for (const weekday of [8, 0]) {
      expect(
        await violation(() => makeWorkingHours(db, location.id, [[weekday, '09:00', '17:00']])),
      ).toEqual({ code: SqlState.checkViolation, constraint: 'working_hours_weekday_check' });
    }
  });

  it('refuses an opening interval that opens when it closes, but accepts one past midnight', async () => {
    const location = await makeLocation(db);
    expect(
      await violation(() => makeWorkingHours(db, location.id, [[1, '09:00', '09:00']])),
    ).toEqual({ code: SqlState.checkViolation, constraint: 'working_hours_interval_check' });
    await makeWorkingHours(db, location.id, [[5, '22:00', '06:00']]);
    const stored = await db
      .select()
      .from(workingHours)
      .where(eq(workingHours.locationId, location.id));
    expect(stored).toHaveLength(1);
  });

  it('refuses a doctor whose appointments are shorter than 5 minutes', async () => {
    const refs = await doctorRefs();
    expect(await violation(() => makeDoctor(db, refs, { appointmentMinutes: 4 }))).toEqual({
      code: SqlState.checkViolation,
      constraint: 'doctors_appointment_minutes_check',
    });
  });

  it('refuses a currency that is not three capital letters', async () => {
    expect(await violation(() => makeLocation(db, { currency: 'eur' }))).toEqual({
      code: SqlState.checkViolation,
      constraint: 'locations_currency_check',
    });
  });
});

describe('unique constraints', () => {
  it('refuses a second specialty whose name differs only in case', async () => {
    await makeSpecialty(db, { name: 'Gastroenterology' });
    expect(await violation(() => makeSpecialty(db, { name: 'GASTROENTEROLOGY' }))).toEqual({
      code: SqlState.uniqueViolation,
      constraint: 'specialties_name_key',
    });
    const raw = await violation(() =>
      db.execute(sql`insert into specialties (id, name) values (${newId()}, 'gastroenterology')`),
    );
    expect(raw).toEqual({ code: SqlState.uniqueViolation, constraint: 'specialties_name_key' });
    const rows = await db
      .select()
      .from(specialties)
      .where(sql`lower(${specialties.name}) = 'gastroenterology'`);
    expect(rows).toHaveLength(1);
  });

  it('refuses offering one diagnostic twice at the same location', async () => {
    const [diagnostic, location] = await Promise.all([makeDiagnostic(db), makeLocation(db)]);
    const refs = { diagnosticId: diagnostic.id, locationId: location.id };
    await makeDiagnosticLocation(db, refs);
    expect(await violation(() => makeDiagnosticLocation(db, refs))).toEqual({
      code: SqlState.uniqueViolation,
      constraint: 'diagnostic_locations_pair_key',
    });
  });
});

// PostgreSQL 18 (and so PGlite) reports a delete blocked by ON DELETE RESTRICT as
// restrict_violation (23001); PostgreSQL 15 reports foreign_key_violation (23503).
const RESTRICTED = [SqlState.foreignKeyViolation, '23001'];

describe('foreign keys', () => {
  it('refuses deleting a location a doctor still works at', async () => {
    const refs = await doctorRefs();
    const doctor = await makeDoctor(db, refs);
    const refused = await violation(() =>
      db.delete(locations).where(eq(locations.id, refs.locationId)),
    );
    expect(RESTRICTED).toContain(refused?.code);
    expect(refused?.constraint).toBe('doctors_location_fk');
    expect(await db.select().from(locations).where(eq(locations.id, refs.locationId))).toHaveLength(
      1,
    );
    expect(await db.select().from(doctors).where(eq(doctors.id, doctor.id))).toHaveLength(1);
  });

  it('lets rethrowIfReferenced recognise a delete that RESTRICT blocked, on every server version', async () => {
    const refs = await doctorRefs();
    await makeDoctor(db, refs);
    const stillReferenced = new Error('still referenced');
    let translated: unknown;
    try {
      await db.delete(locations).where(eq(locations.id, refs.locationId));
    } catch (err) {
      try {
        rethrowIfReferenced(err, () => stillReferenced);
      } catch (rethrown) {
        translated = rethrown;
      }
    }
    expect(translated).toBe(stillReferenced);
  });

  it('refuses a doctor at a location that does not exist', async () => {
    const refs = await doctorRefs();
    expect(await violation(() => makeDoctor(db, { ...refs, locationId: newId() }))).toEqual({
      code: SqlState.foreignKeyViolation,
      constraint: 'doctors_location_fk',
    });
  });

  it('deletes a location’s working hours with it', async () => {
    const location = await makeLocation(db);
    await makeWorkingHours(db, location.id, [[2, '08:00', '12:00']]);
    await db.delete(locations).where(eq(locations.id, location.id));
    const left = await db
      .select()
      .from(workingHours)
      .where(eq(workingHours.locationId, location.id));
    expect(left).toEqual([]);
  });
});
