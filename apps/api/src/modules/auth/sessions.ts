import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, refreshTokens } from '../../db/schema/index.js';
import { RefreshTokenRepository } from './repository.js';

/**
 * Ends every session of an account at once: access tokens stop verifying (their token version
 * no longer matches) and refresh tokens are revoked. For sign-out, password and role changes.
 */
export async function revokeAllSessions(db: Executor, accountId: string): Promise<void> {
  await bumpTokenVersion(db, accountId);
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.accountId, accountId), isNull(refreshTokens.revokedAt)));
}

/**
 * Ends one session (a refresh-token family, after reuse showed it was copied) at once: its refresh
 * tokens are revoked, and since an access token names only its account, the account's version is
 * bumped. The account's other sessions keep their refresh tokens and get new access tokens on
 * their next refresh.
 */
export async function endSessionFamily(
  db: Executor,
  family: { accountId: string; familyId: string },
): Promise<void> {
  await bumpTokenVersion(db, family.accountId);
  await new RefreshTokenRepository(db).revokeFamily(family.familyId);
}

async function bumpTokenVersion(db: Executor, accountId: string): Promise<void> {
  await db
    .update(accounts)
    .set({ tokenVersion: sql`${accounts.tokenVersion} + 1` })
    .where(eq(accounts.id, accountId));
}
