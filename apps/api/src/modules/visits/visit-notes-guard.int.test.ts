import { randomUUID } from 'node:crypto';
import { eq, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET } from '../../../test/support/app.js';
import { makeClinicSite } from '../../../test/support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { makeBooking, makePatient } from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import { sqlStateOf } from '../../../test/support/sql-state.js';
import { loadConfig } from '../../config.js';
import { visitNotes } from '../../db/schema/index.js';
import { AccessTokens } from '../auth/tokens.js';

// Visit notes are clinical records (migration visit_note_triggers): through the connection the
// app itself uses, raw SQL can neither change nor delete a revision, nor truncate the table;
// only retiring a revision (setting superseded_at once, from NULL) is allowed. The constraints
// allow one note per booking and one current revision per note.

const INSUFFICIENT_PRIVILEGE = '42501';
const UNIQUE_VIOLATION = '23505';
let database: TestDatabase;
let first: string;
let values: typeof visitNotes.$inferInsert;

const sqlStateOfSql = (statement: SQL) => sqlStateOf(() => database.db.execute(statement));

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const site = await makeClinicSite(db);
  const patient = await makePatient(db);
  const tokens = new AccessTokens(loadConfig({ JWT_SECRET }).auth);
  const author = await makeAccount(db, tokens, 'doctor', { doctorId: site.doctor.id });
  const booking = await makeBooking(db, {
    patientId: patient.id,
    locationId: site.location.id,
    doctorId: site.doctor.id,
    status: 'completed',
    startAt: new Date('2027-01-04T09:00:00Z'),
    endAt: new Date('2027-01-04T09:30:00Z'),
  });
  first = randomUUID();
  values = {
    id: first,
    lineageId: first,
    revision: 1,
    bookingId: booking.id,
    patientId: patient.id,
    doctorId: site.doctor.id,
    locationId: site.location.id,
    note: 'Original note',
    diagnoses: [{ text: 'Original diagnosis', code: 'J06.9' }],
    authorAccountId: author.account.id,
  };
  await db.insert(visitNotes).values(values);
});
afterAll(() => database.drop());

describe('visit_notes, guarded as a clinical record', () => {
  it('refuses rewriting, deleting and truncating, by raw SQL too', async () => {
    for (const statement of [
      sql`update visit_notes set note = 'Forged' where id = ${first}`,
      sql`update visit_notes set diagnoses = '[]'::jsonb where id = ${first}`,
      sql`update visit_notes set author_account_id = doctor_id where id = ${first}`,
      sql`delete from visit_notes where id = ${first}`,
      sql`truncate visit_notes`,
    ]) {
      expect(await sqlStateOfSql(statement)).toBe(INSUFFICIENT_PRIVILEGE);
    }
    const [row] = await database.db.select().from(visitNotes).where(eq(visitNotes.id, first));
    expect(row).toMatchObject({ note: 'Original note', supersededAt: null });
  });

  it('allows one booking one note, and a note one current revision', async () => {
    const again = randomUUID();
    expect(
      await sqlStateOfSql(
        sql`insert into visit_notes (id, lineage_id, revision, booking_id, patient_id, doctor_id, location_id, note, diagnoses, author_account_id)
            values (${again}, ${again}, 1, ${values.bookingId}, ${values.patientId}, ${values.doctorId}, ${values.locationId}, 'Second', '[]', ${values.authorAccountId})`,
      ),
    ).toBe(UNIQUE_VIOLATION);
    const revision = (n: number) =>
      sql`insert into visit_notes (id, lineage_id, revision, replaces_id, booking_id, patient_id, doctor_id, location_id, note, diagnoses, revision_reason, author_account_id)
          values (${randomUUID()}, ${first}, ${n}, ${first}, ${values.bookingId}, ${values.patientId}, ${values.doctorId}, ${values.locationId}, 'Revised', '[]', 'Fix', ${values.authorAccountId})`;
    // The first revision is still current: a second current one is refused.
    expect(await sqlStateOfSql(revision(2))).toBe(UNIQUE_VIOLATION);
  });

  it('lets a revision be retired once, and then never changed again', async () => {
    expect(
      await sqlStateOfSql(sql`update visit_notes set superseded_at = now() where id = ${first}`),
    ).toBe(undefined);
    expect(
      await sqlStateOfSql(
        sql`update visit_notes set superseded_at = now() - interval '1 day' where id = ${first}`,
      ),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      await sqlStateOfSql(sql`update visit_notes set superseded_at = null where id = ${first}`),
    ).toBe(INSUFFICIENT_PRIVILEGE);
  });
});
