import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { pgError } from '../../src/db/errors.js';
import { type PrescriptionRow, prescriptions } from '../../src/db/schema/index.js';
import { AuditLog } from '../../src/modules/audit/index.js';
import { AccessTokens } from '../../src/modules/auth/tokens.js';
import { PrescriptionService } from '../../src/modules/prescriptions/index.js';
import { JWT_SECRET } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  makeBooking,
  makeDoctor,
  makeLocation,
  makePatient,
  makePrescription,
  makeSpecialty,
} from '../support/factories.js';
import { makeAccount } from '../support/identities.js';
import { sqlStateOf } from '../support/sql-state.js';

// Prescriptions are clinical records (migration: prescription triggers): through the runtime
// connection, no UPDATE but retiring a revision once, no DELETE, no TRUNCATE; never two current
// revisions of one prescription. And the patient record's face reads the current ones in one query.

const INSUFFICIENT_PRIVILEGE = '42501';
const UNIQUE_VIOLATION = '23505';
let database: TestDatabase;
let first: PrescriptionRow;
let booking: Parameters<typeof makePrescription>[1];
let author: string;

const sqlStateOfRaw = (statement: string) =>
  sqlStateOf(() => database.db.execute(sql.raw(statement)));

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const location = await makeLocation(db);
  const specialty = await makeSpecialty(db);
  const doctor = await makeDoctor(db, { locationId: location.id, specialtyId: specialty.id });
  const patient = await makePatient(db);
  booking = await makeBooking(db, {
    patientId: patient.id,
    locationId: location.id,
    doctorId: doctor.id,
    status: 'completed',
    startAt: new Date('2027-03-01T08:00:00Z'),
    endAt: new Date('2027-03-01T08:30:00Z'),
  });
  const tokens = new AccessTokens(loadConfig({ JWT_SECRET }).auth);
  author = (await makeAccount(db, tokens, 'doctor', { doctorId: doctor.id })).account.id;
  first = await makePrescription(db, booking, author);
});
afterAll(() => database.drop());

describe('the prescriptions table', () => {
  it('refuses changing content, deleting and truncating, by raw SQL too', async () => {
    for (const statement of [
      `update prescriptions set dose = '10 capsules' where id = '${first.id}'`,
      `update prescriptions set status = 'cancelled' where id = '${first.id}'`,
      `update prescriptions set superseded_at = now(), repeats = 5 where id = '${first.id}'`,
      `delete from prescriptions where id = '${first.id}'`,
      'delete from prescriptions',
      'truncate prescriptions',
      'truncate prescriptions cascade',
    ]) {
      expect(await sqlStateOfRaw(statement), statement).toBe(INSUFFICIENT_PRIVILEGE);
    }
    const rows = await database.db
      .select({ dose: prescriptions.dose, status: prescriptions.status })
      .from(prescriptions);
    expect(rows).toEqual([{ dose: '1 capsule', status: 'active' }]);
  });

  it('allows retiring a revision once, and never two current revisions', async () => {
    const second = await makePrescription(database.db, booking, author, {
      lineageId: first.id,
      revision: 2,
      replacesId: first.id,
      change: 'revised',
      reason: 'typo',
    }).catch((err: unknown) => pgError(err)?.code);
    expect(second).toBe(UNIQUE_VIOLATION);
    const retire = `update prescriptions set superseded_at = now() where id = '${first.id}'`;
    expect(await sqlStateOfRaw(retire)).toBe(undefined);
    expect(await sqlStateOfRaw(retire)).toBe(INSUFFICIENT_PRIVILEGE);
    const revised = await makePrescription(database.db, booking, author, {
      lineageId: first.id,
      revision: 2,
      replacesId: first.id,
      change: 'revised',
      reason: 'typo',
      dose: '2 capsules',
    });
    expect(revised.revision).toBe(2);
  });

  it('refuses a later revision without a reason, and a zero quantity', async () => {
    const noReason = makePrescription(database.db, booking, author, {
      lineageId: first.id,
      revision: 3,
      replacesId: first.id,
      change: 'revised',
    });
    await expect(noReason.catch((err: unknown) => pgError(err)?.code)).resolves.toBe('23514');
    const zero = makePrescription(database.db, booking, author, { quantity: '0' });
    await expect(zero.catch((err: unknown) => pgError(err)?.code)).resolves.toBe('23514');
  });

  it('gives the patient record the current revisions in one query, every status', async () => {
    const other = await makePrescription(database.db, booking, author, { status: 'cancelled' });
    const queries: string[] = [];
    const service = new PrescriptionService({
      db: database.db,
      audit: new AuditLog(),
      clock: () => new Date(),
    });
    const counting = {
      ...database.db,
      select: (...args: Parameters<typeof database.db.select>) => {
        queries.push('select');
        return database.db.select(...args);
      },
    } as typeof database.db;
    const views = await service.prescriptionsForRecord(counting, booking.patientId);
    expect(queries).toHaveLength(1);
    expect(views.map((v) => [v.id, v.revision, v.status])).toEqual([
      [other.id, 1, 'cancelled'],
      [first.id, 2, 'active'],
    ]);
    expect(views[1]).toMatchObject({ dose: '2 capsules', authorisedTotal: '21', remaining: '21' });
  });
});
