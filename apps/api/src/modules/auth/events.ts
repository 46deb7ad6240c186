import type { Executor } from '../../db/client.js';
import type { Actor, Identity } from '../../shared/actor.js';
import type { AuditEvent, AuditOutcome } from '../audit/index.js';
import { loadIdentity } from './identities.js';

/** The events of this module. Each names the account by id, never by e-mail address. */
export type AuthAction =
  | 'auth.register'
  | 'auth.sign-in'
  | 'auth.sign-out'
  | 'auth.refresh-reuse'
  | 'auth.password-change'
  | 'auth.password-reset-request'
  | 'auth.password-reset'
  | 'account.create';

export const accountEvent = (
  action: AuthAction,
  outcome: AuditOutcome,
  accountId: string | null,
  patientId: string | null = null,
): AuditEvent => ({ action, resourceType: 'account', resourceId: accountId, patientId, outcome });

/** The request's actor, now known to be this account (it just proved who it is). */
export async function actorAs(db: Executor, actor: Actor, accountId: string): Promise<Actor> {
  const loaded = await loadIdentity(db, accountId);
  return { ...actor, identity: loaded?.identity ?? null };
}

/** For work done outside any request: start-up and the command line. */
export const systemActor = (
  origin: 'startup' | 'cli',
  identity: Identity | null = null,
): Actor => ({
  identity,
  ip: 'local',
  requestId: origin,
});
