import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClinicSite } from '../../../test/support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { makeBooking, makePatient } from '../../../test/support/factories.js';
import type { Executor } from '../../db/client.js';
import { auditEvents, bookings, patients } from '../../db/schema/index.js';
import type { Actor } from '../../shared/actor.js';
import { AuditLog } from '../audit/index.js';
import { ErasureService, type RatingComments } from './erasure.js';

// The erasure's injected step (rating comments, from the ratings module): it runs inside the
// erasure's transaction, its count is reported, and its failure undoes the whole erasure.

const NOW = new Date('2027-03-01T06:00:00Z');
let database: TestDatabase;
let site: Awaited<ReturnType<typeof makeClinicSite>>;

beforeAll(async () => {
  database = await createTestDatabase();
  site = await makeClinicSite(database.db);
});
afterAll(() => database.drop());

const admin: Actor = {
  identity: {
    accountId: '01900000-0000-7000-8000-000000000001',
    role: 'admin',
    patientId: null,
    doctorId: null,
    locationIds: [],
  },
  ip: '127.0.0.1',
  requestId: 'erasure-test',
};

const serviceWith = (ratingComments: RatingComments) =>
  new ErasureService({ db: database.db, audit: new AuditLog(), clock: () => NOW, ratingComments });

let hour = 0;
async function patientWithUpcomingBooking() {
  const patient = await makePatient(database.db);
  const startAt = new Date(NOW.getTime() + ++hour * 3_600_000);
  const booking = await makeBooking(database.db, {
    patientId: patient.id,
    locationId: site.location.id,
    doctorId: site.doctor.id,
    startAt,
    endAt: new Date(startAt.getTime() + 30 * 60_000),
  });
  return { patient, booking };
}

const statusOf = async (id: string) =>
  (await database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.status;

describe('ErasureService with its rating-comments step', () => {
  it('runs the step in its transaction and reports what it removed', async () => {
    const { patient } = await patientWithUpcomingBooking();
    const seen: { tx: Executor; patientId: string }[] = [];
    const result = await serviceWith({
      eraseCommentsOf: async (tx, patientId) => {
        seen.push({ tx, patientId });
        // The step sees the erasure's own uncommitted writes: it runs in the same transaction.
        const [row] = await tx.select().from(bookings).where(eq(bookings.patientId, patientId));
        expect(row!.status).toBe('cancelled');
        return 3;
      },
    }).erase(admin, patient.id);
    expect(seen.map((s) => s.patientId)).toEqual([patient.id]);
    expect(seen[0]!.tx).not.toBe(database.db);
    expect(result).toMatchObject({ ratingCommentsRemoved: 3, bookingsCancelled: 1 });
  });

  it('undoes everything when the step fails, and records the failure', async () => {
    const { patient, booking } = await patientWithUpcomingBooking();
    const failing = serviceWith({
      eraseCommentsOf: async () => {
        throw new Error('ratings store down');
      },
    });
    await expect(failing.erase(admin, patient.id)).rejects.toThrow('ratings store down');
    const [row] = await database.db.select().from(patients).where(eq(patients.id, patient.id));
    expect(row).toMatchObject({ fullName: patient.fullName, email: patient.email, erasedAt: null });
    expect(await statusOf(booking.id)).toBe('booked');
    const events = await database.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.patientId, patient.id));
    expect(events).toEqual([{ action: 'patient.erase', outcome: 'failure' }]);
  });
});
