import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { Unprocessable } from '../../shared/errors.js';
import { AuditLog } from '../audit/index.js';
import { accountEvent, systemActor } from './events.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { CredentialRepository } from './repository.js';

/** Why an admin could not be created: `input` is the operator's to fix (weak password). */
export class AdminSetupError extends Error {
  constructor(
    message: string,
    readonly kind: 'input' | 'conflict',
  ) {
    super(message);
    this.name = 'AdminSetupError';
  }
}

export interface AdminCredentials {
  email: string;
  password: string;
}

// Two instances starting together: the second waits for the first, then finds its admin.
const ADMIN_SETUP_LOCK = 0x6d656461; // "meda"

/** Where the credentials came from, for messages: `ADMIN_EMAIL`, `--email`… */
export interface CredentialSources {
  email: string;
  password: string;
}

/** The password policy's verdict as an operator's message naming where the password came from. */
export function checkAdminPassword(admin: AdminCredentials, sources: CredentialSources): void {
  try {
    checkPasswordPolicy(admin.password, sources.password, [admin.email]);
  } catch (err) {
    if (!(err instanceof Unprocessable)) throw err;
    const reason = err.errors[0]?.message ?? 'is not allowed';
    throw new AdminSetupError(`${sources.password} cannot be used: it ${reason}`, 'input');
  }
}

/**
 * Creates an admin account, audited. With `onlyIfNoAdmin`, does nothing (returns null) when an
 * admin exists already. Throws AdminSetupError for a weak password or a taken address.
 */
export async function createAdmin(
  db: Database,
  admin: AdminCredentials,
  options: { origin: 'startup' | 'cli'; sources: CredentialSources; onlyIfNoAdmin: boolean },
): Promise<{ id: string } | null> {
  checkAdminPassword(admin, options.sources);
  const passwordHash = await hashPassword(admin.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_SETUP_LOCK})`);
    const accounts = new CredentialRepository(tx);
    if (options.onlyIfNoAdmin && (await accounts.findAdmin())) return null;
    if (await accounts.findByEmail(admin.email)) {
      const message = `${options.sources.email} already belongs to an account`;
      throw new AdminSetupError(message, 'conflict');
    }
    const account = await accounts.create({ email: admin.email, passwordHash, role: 'admin' });
    await recordCreated(tx, account.id, options.origin);
    return { id: account.id };
  });
}

async function recordCreated(tx: Executor, accountId: string, origin: 'startup' | 'cli') {
  await new AuditLog().record(
    tx,
    systemActor(origin),
    accountEvent('account.create', 'success', accountId),
  );
}
