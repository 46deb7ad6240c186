import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClinicSite } from '../../../test/support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { makeBooking, makePatient } from '../../../test/support/factories.js';
import { StatementCounter } from '../../../test/support/statement-counter.js';
import type { Executor } from '../../db/client.js';
import { auditEvents, bookings } from '../../db/schema/index.js';
import type { Actor } from '../../shared/actor.js';
import { AuditLog } from '../audit/index.js';
import { PatientScope } from '../patients/index.js';
import { PatientRecordService } from './record-service.js';
import type { RecordSections } from './sections.js';

// The record's composition with stand-ins for the clinical modules: each section is one query
// returning one item per booking, so a long history shows that composing adds no statement per
// item, and that a section over its limit is cut and named.

const NOW = new Date('2027-03-01T06:00:00Z');
const counter = new StatementCounter();
let database: TestDatabase;
let site: Awaited<ReturnType<typeof makeClinicSite>>;

beforeAll(async () => {
  database = await createTestDatabase(counter.options);
  site = await makeClinicSite(database.db);
});
afterAll(() => database.drop());

/**
 * One query: one item per booking of the patient, `copies` times over. The items stand in for
 * any section's views (the service passes them through), hence `never[]`.
 */
const itemsPerBooking = (copies: number) => async (db: Executor, patientId: string) => {
  const rows = await db
    .select({ id: bookings.id, patientId: bookings.patientId, createdAt: bookings.createdAt })
    .from(bookings)
    .where(eq(bookings.patientId, patientId));
  return Array.from({ length: copies }, () =>
    rows.map((row) => ({
      id: row.id,
      patientId: row.patientId,
      bookingId: row.id,
      revision: 1,
      createdAt: row.createdAt.toISOString(),
    })),
  ).flat() as never[];
};

const sections = (copies = 1): RecordSections => ({
  visitNotes: { notesForRecord: itemsPerBooking(copies) },
  prescriptions: { prescriptionsForRecord: itemsPerBooking(copies) },
  reports: { reportsForRecord: itemsPerBooking(copies) },
});

const service = (copies = 1) =>
  new PatientRecordService({
    db: database.db,
    audit: new AuditLog(),
    scope: new PatientScope(),
    clock: () => NOW,
    sections: sections(copies),
  });

const actorOf = (patientId: string): Actor => ({
  identity: { accountId: patientId, role: 'patient', patientId, doctorId: null, locationIds: [] },
  ip: '127.0.0.1',
  requestId: `record-${patientId}`,
});

/** Hours before NOW already taken: the scanner's unit 1 never runs two bookings at once. */
let taken = 0;

async function patientWith(count: number) {
  const patient = await makePatient(database.db);
  for (let i = 0; i < count; i++) {
    const startAt = new Date(NOW.getTime() - ++taken * 3_600_000);
    await makeBooking(database.db, {
      patientId: patient.id,
      locationId: site.location.id,
      diagnosticLocationId: site.scanner.id,
      capacityUnit: 1,
      startAt,
      endAt: new Date(startAt.getTime() + 30 * 60_000),
      status: 'completed',
    });
  }
  return patient;
}

describe('PatientRecordService', () => {
  it('composes every section with no statement per item', async () => {
    const one = await patientWith(1);
    const many = await patientWith(200);
    const small = await counter.during(() => service().read(actorOf(one.id), one.id));
    const large = await counter.during(() => service().read(actorOf(many.id), many.id));
    expect(small.result.visitNotes).toHaveLength(1);
    expect(large.result.visitNotes).toHaveLength(200);
    expect(large.result.prescriptions).toHaveLength(200);
    expect(large.result.reports).toHaveLength(200);
    expect(large.result.bookings).toHaveLength(200);
    expect(large.statements).toHaveLength(small.statements.length);
    // Snapshot, profile, bookings, three sections, the audit event.
    expect(large.statements.length).toBeLessThanOrEqual(7);
  });

  it('cuts a section over its limit and names it', async () => {
    const patient = await patientWith(101);
    const record = await service(2).read(actorOf(patient.id), patient.id);
    expect(record.visitNotes).toHaveLength(202);
    expect(record.reports).toHaveLength(200);
    expect(record.truncated).toEqual(['reports']);
  });

  it('records one success event, and one denied event for a patient out of scope', async () => {
    const patient = await patientWith(1);
    const other = await makePatient(database.db);
    await service().read(actorOf(patient.id), patient.id);
    await expect(service().read(actorOf(other.id), patient.id)).rejects.toMatchObject({
      status: 404,
    });
    const events = await database.db
      .select({ outcome: auditEvents.outcome, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.patientId, patient.id));
    expect(events).toEqual([
      { outcome: 'success', actorId: patient.id },
      { outcome: 'denied', actorId: other.id },
    ]);
  });
});
