import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase, warmPool } from '../../../test/support/database.js';
import { makeAccount } from '../../../test/support/identities.js';
import { loadConfig } from '../../config.js';
import { passwordResets } from '../../db/schema/index.js';
import { AuditLog } from '../audit/index.js';
import { requestPasswordReset } from './password-reset.js';
import { AccessTokens } from './tokens.js';

// Server only (*.pg.int.test.ts runs in the PostgreSQL pass): concurrent reset requests for one
// account need several connections. PGlite has one.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await warmPool(database);
});
afterAll(() => database.drop());

const silent = pino({ level: 'silent' });
const actor = { identity: null, ip: '192.0.2.30', requestId: 'req-reset-race' };
const tokens = new AccessTokens(loadConfig({ JWT_SECRET }).auth);

describe('concurrent password-reset requests', () => {
  it('leave exactly one live link for the account', async () => {
    for (let round = 0; round < 5; round++) {
      const { account } = await makeAccount(database.db, tokens, 'patient');
      const deps = { db: database.db, audit: new AuditLog() };
      await Promise.all(
        Array.from({ length: 8 }, () => requestPasswordReset(deps, actor, account.email, silent)),
      );
      const live = await database.db
        .select({ id: passwordResets.id })
        .from(passwordResets)
        .where(
          and(
            eq(passwordResets.accountId, account.id),
            isNull(passwordResets.usedAt),
            gt(passwordResets.expiresAt, sql`now()`),
          ),
        );
      expect(live).toHaveLength(1);
    }
  });
});
