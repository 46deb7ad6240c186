import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, refreshTokens } from '../../db/schema/index.js';

/**
 * Ends every session of an account at once: access tokens stop verifying (their token version
 * no longer matches) and refresh tokens are revoked. For sign-out, password and role changes.
 */
export async function revokeAllSessions(db: Executor, accountId: string): Promise<void> {
  await db
    .update(accounts)
    .set({ tokenVersion: sql`${accounts.tokenVersion} + 1` })
    .where(eq(accounts.id, accountId));
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.accountId, accountId), isNull(refreshTokens.revokedAt)));
}
