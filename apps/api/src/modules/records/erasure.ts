import type { PatientErasureView } from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { Forbidden, NotFound } from '../../shared/errors.js';
import { type AuditLog, auditedWrite } from '../audit/index.js';
import { revokeAllSessions } from '../auth/index.js';
import { cancelFutureBookingsOf } from '../bookings/index.js';
import { RecordRepository } from './repository.js';

/** The ratings module's part of an erasure: the patient's rating comments go, their stars stay. */
export interface RatingComments {
  eraseCommentsOf(tx: Executor, patientId: string): Promise<number>;
}

/** The name an erased patient is shown under: from the random tail of the id, nothing of them. */
export const pseudonymOf = (patientId: string) => `Erased patient ${patientId.slice(-8)}`;

const eraseEvent = (patientId: string) => ({
  action: 'patient.erase',
  resourceType: 'patient',
  resourceId: patientId,
  patientId,
});

/**
 * Erasing a patient's account (SECURITY.md item 24): what is not clinical goes, the clinical
 * record stays. In one transaction: future bookings cancelled (not deleted), the login closed
 * (disabled, e-mail and password hash destroyed, every session revoked, reset tokens deleted),
 * rating comments removed, the name pseudonymised and the contact details removed; audited as
 * `patient.erase`. Erasing again is harmless: it finds nothing more to remove.
 */
export class ErasureService {
  constructor(
    readonly deps: {
      db: Database;
      audit: AuditLog;
      clock: () => Date;
      ratingComments: RatingComments;
    },
  ) {}

  async erase(actor: Actor, patientId: string): Promise<PatientErasureView> {
    if (identityOf(actor).role !== 'admin') {
      throw new Forbidden('forbidden', 'Only an admin erases a patient’s account');
    }
    const now = this.deps.clock();
    const event = eraseEvent(patientId);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      // The bookings' lock first, as every booking writer takes it, then the patient's row.
      const bookingsCancelled = await cancelFutureBookingsOf(tx, patientId, now);
      const repo = new RecordRepository(tx);
      if (!(await repo.lockProfile(patientId))) throw new NotFound('Patient');
      const accountId = await repo.closeAccount(patientId, now);
      if (accountId) {
        await revokeAllSessions(tx, accountId);
        await repo.deletePasswordResets(accountId);
      }
      const ratingCommentsRemoved = await this.deps.ratingComments.eraseCommentsOf(tx, patientId);
      const erased = await repo.pseudonymise(patientId, pseudonymOf(patientId), now);
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
      return {
        patientId,
        erasedAt: erased.erasedAt!.toISOString(),
        accountClosed: accountId !== null,
        bookingsCancelled,
        ratingCommentsRemoved,
      };
    });
  }
}
