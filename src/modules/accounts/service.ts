import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';

export class AccountService {
  constructor(readonly deps: { db: Database; audit: AuditLog }) {}
}
