import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';

/** Status changes of a booking: cancel, check in, complete, no-show. (stub) */
export class BookingLifecycle {
  constructor(readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}
}
