import type { Executor } from '../../db/client.js';
import { auditEvents } from '../../db/schema/index.js';
import type { Actor } from '../../shared/actor.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** One thing that happened to a resource; `patientId` names whose data it was, if anyone's. */
export interface AuditEvent {
  /** `<resource>.<verb>`, e.g. `patient.read`, `patient.update`, `auth.sign-in`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
}

/**
 * Writes audit events: ids, roles and outcomes only, never names, contact details or clinical
 * content. Pass the transaction of the write being audited, so that a rolled-back write leaves
 * no success event; reads and denials are recorded on their own.
 */
export class AuditLog {
  async record(db: Executor, actor: Actor, event: AuditEvent): Promise<void> {
    await db.insert(auditEvents).values({
      actorId: actor.identity?.accountId ?? null,
      actorRole: actor.identity?.role ?? null,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId ?? null,
      patientId: event.patientId ?? null,
      outcome: event.outcome,
      ip: actor.ip.slice(0, 64),
      requestId: actor.requestId.slice(0, 128),
      correlationId: actor.correlationId?.slice(0, 128) ?? null,
    });
  }
}
