import { type PatientRecordView, RECORD_LIMITS, type RecordSection } from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { NotFound } from '../../shared/errors.js';
import type { AuditLog } from '../audit/index.js';
import { bookingsForRecord } from '../bookings/index.js';
import { type PatientScope, presentPatient } from '../patients/index.js';
import { RecordRepository } from './repository.js';
import type { RecordSections } from './sections.js';

/** The audit event of reading a patient's record: ids only. */
export const recordEvent = (patientId: string) => ({
  action: 'patient-record.read',
  resourceType: 'patient-record',
  resourceId: patientId,
  patientId,
});

/** A section's items, at most its limit: the sections cut are named in `truncated`. */
function bounded<T>(section: RecordSection, items: T[], truncated: Set<RecordSection>): T[] {
  const limit = RECORD_LIMITS[section];
  if (items.length <= limit) return items;
  truncated.add(section);
  return items.slice(0, limit);
}

/**
 * A patient's whole record in one response: profile, bookings, visit notes, prescriptions and
 * released reports. The scope is checked once and the read audited once (`patient-record.read`);
 * everything is read in one read-only snapshot, so the sections agree with each other, and each
 * section is a fixed number of queries however long the history.
 */
export class PatientRecordService {
  constructor(
    readonly deps: {
      db: Database;
      audit: AuditLog;
      scope: PatientScope;
      clock: () => Date;
      sections: RecordSections;
    },
  ) {}

  async read(actor: Actor, patientId: string): Promise<PatientRecordView> {
    const { db, audit } = this.deps;
    const identity = identityOf(actor);
    const record = await db.transaction((tx) => this.compose(tx, identity, patientId), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
    await audit.record(db, actor, {
      ...recordEvent(patientId),
      outcome: record ? 'success' : 'denied',
    });
    if (!record) throw new NotFound('Patient');
    return record;
  }

  private async compose(
    tx: Executor,
    identity: Identity,
    patientId: string,
  ): Promise<PatientRecordView | null> {
    const { scope, sections, clock } = this.deps;
    if (!(await scope.canAccess(tx, identity, patientId))) return null;
    const profile = await new RecordRepository(tx).profile(patientId);
    if (!profile) return null;
    const now = clock();
    const truncated = new Set<RecordSection>();
    const bookings = await bookingsForRecord(tx, identity, patientId, now, RECORD_LIMITS.bookings);
    if (bookings.truncated) truncated.add('bookings');
    const notes = await sections.visitNotes.notesForRecord(tx, patientId);
    const prescriptions = await sections.prescriptions.prescriptionsForRecord(tx, patientId);
    const reports = await sections.reports.reportsForRecord(tx, patientId);
    return {
      profile: presentPatient(profile),
      bookings: bookings.items,
      visitNotes: bounded('visitNotes', notes, truncated),
      prescriptions: bounded('prescriptions', prescriptions, truncated),
      reports: bounded('reports', reports, truncated),
      truncated: [...truncated],
    };
  }
}
