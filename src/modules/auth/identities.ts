import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, staffLocations } from '../../db/schema/index.js';
import type { Identity, Role } from '../../http/access.js';

/** An account as the access layer sees it, with the token version that must match. */
export interface LoadedIdentity {
  identity: Identity;
  tokenVersion: number;
  disabled: boolean;
}

/** Loads an account's identity and scope: one query, plus one for staff locations. */
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
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) return null;
  const locationIds =
    account.role === 'staff'
      ? (
          await db
            .select({ locationId: staffLocations.locationId })
            .from(staffLocations)
            .where(eq(staffLocations.accountId, accountId))
        ).map((r) => r.locationId)
      : [];
  return {
    identity: {
      accountId: account.id,
      role: account.role as Role,
      patientId: account.patientId,
      doctorId: account.doctorId,
      locationIds,
    },
    tokenVersion: account.tokenVersion,
    disabled: account.disabledAt !== null,
  };
}
