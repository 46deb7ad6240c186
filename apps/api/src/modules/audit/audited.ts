import type { Database, Executor } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import type { DomainError } from '../../shared/errors.js';
import type { AuditEvent, AuditLog } from './audit-log.js';

/** What a request attempts, before its outcome is known. */
export type Attempt = Omit<AuditEvent, 'outcome'>;

/** Thrown inside an audited write when the object rule says no; carries the client's answer. */
class Denial extends Error {
  constructor(readonly answer: DomainError) {
    super('denied');
  }
}

/** Refuses the attempt: rolls the write back, audits it as `denied`, answers `answer`. */
export function deny(answer: DomainError): never {
  throw new Denial(answer);
}

/**
 * Runs a write whose `work` records its own success event with `tx`, so a rolled-back write
 * leaves no success event. A denial (`deny`) or any failure rolls back and is recorded once the
 * transaction is over, as `attempt` with outcome `denied` or `failure`: each request that reaches
 * the data leaves exactly one event.
 */
export async function auditedWrite<T>(
  deps: { db: Database; audit: AuditLog },
  actor: Actor,
  attempt: Attempt,
  work: (tx: Executor) => Promise<T>,
): Promise<T> {
  try {
    return await deps.db.transaction((tx) => work(tx));
  } catch (err) {
    const denied = err instanceof Denial;
    await deps.audit
      .record(deps.db, actor, { ...attempt, outcome: denied ? 'denied' : 'failure' })
      // The write's own error is the one to answer with; if the audit store is down too, the
      // request fails either way and the trail has no success event to contradict.
      .catch(() => undefined);
    throw denied ? err.answer : err;
  }
}
