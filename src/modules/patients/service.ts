import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PatientScope } from './scope.js';

export class PatientService {
  constructor(readonly deps: { db: Database; audit: AuditLog; scope: PatientScope }) {}
}
