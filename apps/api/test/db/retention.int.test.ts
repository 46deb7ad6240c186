import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SqlState } from '../../src/db/errors.js';
import { bookings, diagnosticReports, patients } from '../../src/db/schema/index.js';
import { AccessTokens } from '../../src/modules/auth/tokens.js';
import { makeClinicSite } from '../support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { makeBooking, makePatient } from '../support/factories.js';
import { makeAccount } from '../support/identities.js';
import { sqlStateOf } from '../support/sql-state.js';

// Retention (issue 10): the seeds cascade deletes from a patient to their prescriptions; we
// must not. No foreign key into a patient's data may cascade or null on delete, so deleting a
// patient (or a booking) that has records fails in the database, whatever the code does.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const rowsOf = <T>(result: unknown): T[] =>
  ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

describe('retention of the clinical record', () => {
  it('has every foreign key into a patient’s data restrict deletion', async () => {
    // A patient's data: `patients`, and every table reaching it through foreign keys, except the
    // login (`accounts` and what hangs off it), which erasure closes instead.
    const result = await database.db.execute(sql`
      with recursive held(rel) as (
        select 'public.patients'::regclass
        union
        select c.conrelid from pg_constraint c join held on c.confrelid = held.rel
        where c.contype = 'f' and c.conrelid <> 'public.accounts'::regclass
      )
      select c.conname as name, c.confdeltype as on_delete, c.conrelid::regclass::text as source,
             c.confrelid::regclass::text as target
      from pg_constraint c
      where c.contype = 'f' and c.confrelid in (select rel from held)
      order by c.conname`);
    const keys = rowsOf<{ name: string; on_delete: string; source: string; target: string }>(
      result,
    );
    expect(keys.map((k) => k.name)).toEqual(
      expect.arrayContaining([
        'accounts_patient_fk',
        'bookings_patient_fk',
        'diagnostic_reports_patient_fk',
        'diagnostic_reports_booking_fk',
      ]),
    );
    // 'r' is RESTRICT: not CASCADE ('c'), SET NULL ('n'), SET DEFAULT ('d'), nor NO ACTION ('a').
    expect(keys.filter((k) => k.on_delete !== 'r')).toEqual([]);
  });

  it('refuses a raw DELETE of a patient with bookings, and of a booking with a report', async () => {
    const site = await makeClinicSite(database.db);
    const patient = await makePatient(database.db);
    const startAt = new Date('2027-03-01T09:00:00Z');
    const booking = await makeBooking(database.db, {
      patientId: patient.id,
      locationId: site.location.id,
      doctorId: site.doctor.id,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      status: 'completed',
    });
    const tokens = new AccessTokens(loadConfig({ JWT_SECRET: 'x'.repeat(40) }).auth);
    const author = await makeAccount(database.db, tokens, 'staff');
    const reportId = randomUUID();
    await database.db.insert(diagnosticReports).values({
      id: reportId,
      lineageId: reportId,
      revision: 1,
      patientId: patient.id,
      bookingId: booking.id,
      locationId: site.location.id,
      status: 'final',
      title: 'Blood count',
      authorAccountId: author.account.id,
    });

    const deletePatient = () =>
      database.db.execute(sql`delete from ${patients} where ${patients.id} = ${patient.id}`);
    const deleteBooking = () =>
      database.db.execute(sql`delete from ${bookings} where ${bookings.id} = ${booking.id}`);
    // PostgreSQL 15 reports a RESTRICT key as a foreign-key violation, later versions (PGlite)
    // as a restrict violation.
    const refused = [SqlState.foreignKeyViolation, SqlState.restrictViolation];
    expect(refused).toContain(await sqlStateOf(deletePatient));
    expect(refused).toContain(await sqlStateOf(deleteBooking));
    const [kept] = await database.db.select().from(patients).where(eq(patients.id, patient.id));
    expect(kept?.id).toBe(patient.id);
  });
});
