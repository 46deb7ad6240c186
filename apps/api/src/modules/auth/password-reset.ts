import type { AcceptedView, ConfirmPasswordResetInput } from '@medsync/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { Unprocessable } from '../../shared/errors.js';
import type { AuditLog } from '../audit/index.js';
import { accountEvent } from './events.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { CredentialRepository, PasswordResetRepository } from './repository.js';
import { digestOf, newOpaqueToken } from './secrets.js';
import { revokeAllSessions } from './sessions.js';
import { SignInThrottle } from './throttle.js';

export const PASSWORD_RESET_TTL_MINUTES = 30;
const ACCEPTED: AcceptedView = { status: 'accepted' };

interface ResetDeps {
  db: Database;
  audit: AuditLog;
}

/**
 * Issues a one-time reset token when the address has a usable account, voiding its older ones;
 * the answer is the same either way. Until MedSync sends e-mail, the link is written to the log
 * (account id only).
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  actor: Actor,
  email: string,
  log: FastifyBaseLogger,
): Promise<AcceptedView> {
  const account = await new CredentialRepository(deps.db).findByEmail(email);
  if (!account || account.disabledAt !== null) {
    const event = accountEvent('auth.password-reset-request', 'failure', account?.id ?? null);
    await deps.audit.record(deps.db, actor, event);
    return ACCEPTED;
  }
  const token = newOpaqueToken();
  await deps.db.transaction(async (tx) => {
    // Locked, so that of two concurrent requests the later one also voids the earlier's link.
    await new CredentialRepository(tx).lock(account.id);
    await new PasswordResetRepository(tx).expireLive(account.id);
    await new PasswordResetRepository(tx).create({
      accountId: account.id,
      tokenHash: digestOf(token),
      ttlMinutes: PASSWORD_RESET_TTL_MINUTES,
    });
    const event = accountEvent('auth.password-reset-request', 'success', account.id);
    await deps.audit.record(tx, actor, event);
  });
  // Stands in for the e-mail to the account's owner: the one place a token is logged.
  log.info(
    { accountId: account.id, resetUrl: `/reset-password?token=${token}` },
    'password reset requested',
  );
  return ACCEPTED;
}

/** Sets a new password with a live reset token, used up here; then every session ends. */
export async function confirmPasswordReset(
  deps: ResetDeps,
  actor: Actor,
  input: ConfirmPasswordResetInput,
): Promise<void> {
  const tokenHash = digestOf(input.token);
  const reset = await new PasswordResetRepository(deps.db).findLive(tokenHash);
  const account = reset ? await new CredentialRepository(deps.db).get(reset.accountId) : null;
  if (!reset || !account || account.disabledAt !== null) return refuse(deps, actor, tokenHash);
  checkPasswordPolicy(input.newPassword, 'newPassword', [account.email]);
  const passwordHash = await hashPassword(input.newPassword);
  const done = await deps.db.transaction(async (tx) => {
    // Of two concurrent uses of one token only one finds it unused; others of the account go too.
    if (!(await new PasswordResetRepository(tx).consumeAll(account.id, reset.id))) return false;
    await new CredentialRepository(tx).setPasswordHash(account.id, passwordHash);
    await revokeAllSessions(tx, account.id);
    await new SignInThrottle(tx).forgive(account.email);
    await deps.audit.record(tx, actor, accountEvent('auth.password-reset', 'success', account.id));
    return true;
  });
  if (!done) return refuse(deps, actor, tokenHash);
}

/** Unknown, used and expired tokens are refused alike. */
async function refuse(deps: ResetDeps, actor: Actor, tokenHash: string): Promise<never> {
  const known = await new PasswordResetRepository(deps.db).findByHash(tokenHash);
  const event = accountEvent('auth.password-reset', 'failure', known?.accountId ?? null);
  await deps.audit.record(deps.db, actor, event);
  throw new Unprocessable('invalid-reset-token', 'The reset link is not valid; request a new one', [
    { field: 'token', message: 'is unknown, used or expired' },
  ]);
}
