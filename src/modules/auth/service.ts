import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AccessTokens } from './tokens.js';

export class AuthService {
  constructor(
    readonly deps: { db: Database; tokens: AccessTokens; audit: AuditLog; config: Config['auth'] },
  ) {}
}
