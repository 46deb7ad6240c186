import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';

/** Reading bookings: one by id, lists, a doctor's day, a location's day. (stub) */
export class BookingQueries {
  constructor(readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}
}
