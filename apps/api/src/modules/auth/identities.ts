import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, staffLocations } from '../../db/schema/index.js';
import type { Identity, Role } from '../../shared/actor.js';

/** An account as the access layer sees it, with the token version that must match. */
export interface LoadedIdentity {
  identity: Identity;
  tokenVersion: number;
  disabled: boolean;
}

// Staff locations ride along as one array, so every authenticated request costs one query.
const staffLocationIds = sql<string[]>`coalesce((
  select array_agg(sl.location_id::text order by sl.location_id)
  from ${staffLocations} sl
  where sl.account_id = accounts.id), '{}')`;

/** Loads an account's identity and scope (its staff locations): one query per request. */
export async function loadIdentity(
  db: Executor,
  accountId: string,
): Promise<LoadedIdentity | null> {
  const [account] = await db
    .select({
      id: accounts.id,
      role: accounts.role,
      patientId: accounts.patientId,
      doctorId: accounts.doctorId,
      tokenVersion: accounts.tokenVersion,
      disabledAt: accounts.disabledAt,
      locationIds: staffLocationIds,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) return null;
  return {
    identity: {
      accountId: account.id,
      role: account.role as Role,
      patientId: account.patientId,
      doctorId: account.doctorId,
      // Only staff are scoped by location; other roles ignore any rows left behind.
      locationIds: account.role === 'staff' ? account.locationIds : [],
    },
    tokenVersion: account.tokenVersion,
    disabled: account.disabledAt !== null,
  };
}
