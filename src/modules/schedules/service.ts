import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';

/** A doctor's own weekly hours, time off and extra hours. (stub) */
export class ScheduleService {
  constructor(readonly deps: { db: Database; audit: AuditLog }) {}
}
