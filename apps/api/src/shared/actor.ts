import { Unauthorized } from './errors.js';

// Who is acting, as every service sees it: no HTTP in here, so that a job or another adapter
// can act too. The HTTP layer builds an Actor from a request (http/access.ts, actorOf).

export type Role = 'patient' | 'doctor' | 'staff' | 'admin';
export const ROLES: readonly Role[] = ['patient', 'doctor', 'staff', 'admin'];

/** Who is calling, loaded fresh from the account on every request (never from token claims). */
export interface Identity {
  readonly accountId: string;
  readonly role: Role;
  /** The patient profile of a patient account. */
  readonly patientId: string | null;
  /** The doctor profile of a doctor account. */
  readonly doctorId: string | null;
  /** The locations a staff account works at. */
  readonly locationIds: readonly string[];
}

/** What services need to know about a request to authorize and audit it. */
export interface Actor {
  readonly identity: Identity | null;
  readonly ip: string;
  /** The server's own id of the request (or `startup`, `cli` outside any request). */
  readonly requestId: string;
  /** The id the client gave the request (its `x-request-id`), kept to correlate, never trusted. */
  readonly correlationId?: string | null;
}

/**
 * The signed-in identity of a request or an actor, behind a policy that required one (so the
 * 401 here is only a guard).
 */
export function identityOf(source: { readonly identity: Identity | null }): Identity {
  if (!source.identity) throw new Unauthorized('unauthenticated', 'Valid credentials are required');
  return source.identity;
}
