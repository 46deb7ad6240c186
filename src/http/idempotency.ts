import type { Database } from '../db/client.js';

/** A response as the route sends it, and as a replay returns it. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotentRequest {
  /** Keys are per account: two accounts may use the same key. */
  accountId: string;
  /** The Idempotency-Key header; undefined runs `work` without any record. */
  key: string | undefined;
  /** The route, e.g. `POST /api/v1/bookings`: a key is bound to one route. */
  route: string;
  /** The request as parsed (the body): a replay must carry an equal one. */
  request: unknown;
}

/**
 * Idempotency-Key handling for creating POSTs. (stub: contract only)
 *
 * `run` executes `work` at most once per (account, key) while the key is kept (ttlHours):
 * - a replay with an equal request returns the stored status and body (`replayed: true`);
 * - an unequal request with the same key → Unprocessable `idempotency-key-reused`;
 * - a replay while the first is still running → Conflict `idempotency-key-in-flight`;
 * - `work` throwing a client error (a DomainError with a 4xx status other than 429) is stored
 *   and thrown again, equal, on replay; any other failure forgets the key so a retry runs anew.
 */
export class Idempotency {
  constructor(readonly deps: { db: Database; clock: () => Date; ttlHours: number }) {}

  async run(
    request: IdempotentRequest,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    void request;
    return { ...(await work()), replayed: false };
  }
}
