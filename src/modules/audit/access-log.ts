import type { Database } from '../../db/client.js';
import type { AuditLog } from './audit-log.js';

export class AccessLogService {
  constructor(readonly deps: { db: Database; audit: AuditLog }) {}
}
