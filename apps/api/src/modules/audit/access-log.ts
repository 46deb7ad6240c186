import type { AccessLogEntryView, AccessLogPageView, ListAccessLogInput } from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import type { AuditLog, AuditOutcome } from './audit-log.js';
import { type AccessLogRow, AuditRepository, OCCURRED_AT_TEXT } from './repository.js';

const SORT = 'newest';

/**
 * Workforce accounts are named so that a patient can hold them to account; another patient's
 * account id is not: it would only tell them that some patient tried their record's id.
 */
const shownActorId = (row: AccessLogRow, self: string | null): string | null =>
  row.actorRole === 'patient' && row.actorId !== self ? null : row.actorId;

const present =
  (self: string | null) =>
  (row: AccessLogRow): AccessLogEntryView => ({
    occurredAt: row.occurredAt.toISOString(),
    actorRole: row.actorRole,
    actorId: shownActorId(row, self),
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    outcome: row.outcome as AuditOutcome, // the table's check constraint allows only these
  });

/** A patient's view of the audit trail: who did what with their record, and when. */
export class AccessLogService {
  constructor(readonly deps: { db: Database; audit: AuditLog }) {}

  /** The caller's own events only: the patient id comes from the signed-in identity. */
  async list(actor: Actor, query: ListAccessLogInput): Promise<AccessLogPageView> {
    const patientId = actor.identity?.role === 'patient' ? actor.identity.patientId : null;
    const position = decodeCursor(query.cursor, SORT, OCCURRED_AT_TEXT);
    // A patient account without a profile has no record anyone could have accessed.
    const rows = patientId
      ? await new AuditRepository(this.deps.db).forPatient(
          patientId,
          position && { occurredAt: position.value, id: position.id },
          query.limit,
        )
      : [];
    // Reading who accessed a record is itself a read of that record's trail.
    await this.deps.audit.record(this.deps.db, actor, {
      action: 'access-log.read',
      resourceType: 'access-log',
      resourceId: patientId,
      patientId,
      outcome: 'success',
    });
    const self = actor.identity?.accountId ?? null;
    return toPage(rows, query.limit, SORT, (row) => row.occurredAtText, present(self));
  }
}
