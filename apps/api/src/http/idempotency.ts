import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { BadRequest, Conflict, DomainError, Unprocessable } from '../shared/errors.js';
import { fieldPointer, type ProblemFieldError, pointedField } from './problem.js';

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
 * A claim still without a response after this long belongs to a process that died mid-request:
 * the next request with the same key and body takes it over. Well above the longest a request
 * can legitimately run (database timeouts, and at most 2 min of shutdown grace).
 */
export const STALE_CLAIM_MINUTES = 5;

/** Expired keys of any account deleted per claim: bounded, and more than claims add. */
export const PRUNE_BATCH = 20;

const KEY_PATTERN = /^[\x20-\x7e]{1,128}$/;

/**
 * What `response_body` holds: a response, or the problem a client error became, its field errors
 * as sent (pointers) so that stored rows never depend on the domain's error shape.
 */
type StoredOutcome =
  | { body: unknown }
  | { problem: { code: string; detail: string; errors: ProblemFieldError[] } };

/** A stored client error thrown again on replay: same status, code, detail and field errors. */
export class ReplayedProblem extends DomainError {
  readonly title: string;
  constructor(
    readonly status: number,
    code: string,
    detail: string,
    errors: ProblemFieldError[],
  ) {
    super(code, detail, errors.map(pointedField));
    this.title = STATUS_CODES[status] ?? 'Error';
  }
}

/** JSON with every object's keys sorted, so that property order never changes the hash. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]]),
          )
        : v,
    ) ?? 'null'
  );
}

export function requestHash(route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${canonicalJson(request)}`)
    .digest('hex');
}

/** Client errors are part of the answer and are kept; 429 and server errors are transient. */
const isStoredError = (err: unknown): err is DomainError =>
  err instanceof DomainError && err.status >= 400 && err.status < 500 && err.status !== 429;

/**
 * Idempotency-Key handling for creating POSTs.
 *
 * `run` executes `work` at most once per (account, key) while the key is kept (ttlHours):
 * - a replay with an equal request returns the stored status and body (`replayed: true`);
 * - an unequal request with the same key → Unprocessable `idempotency-key-reused`;
 * - a replay while the first is still running → Conflict `idempotency-key-in-flight`;
 * - `work` throwing a client error (a DomainError with a 4xx status other than 429) is stored
 *   and thrown again, equal, on replay; any other failure forgets the key so a retry runs anew.
 *
 * The claim is one INSERT, committed on its own before `work` runs so that concurrent requests
 * see it; on conflict it takes the row over only if the key has expired, or if it is a stale
 * claim (no response after STALE_CLAIM_MINUTES) of an equal request. A key lives ttlHours from
 * its claim; each claim deletes up to PRUNE_BATCH expired keys of any account. `work` commits
 * separately: if storing its response fails, the claim stays in flight until it is stale rather
 * than being forgotten, since the work may have happened.
 */
export class Idempotency {
  constructor(readonly deps: { db: Database; clock: () => Date; ttlHours: number }) {}

  async run(
    request: IdempotentRequest,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (request.key === undefined) return { ...(await work()), replayed: false };
    if (!KEY_PATTERN.test(request.key)) {
      throw new BadRequest(
        'idempotency-key-invalid',
        'Idempotency-Key must be 1 to 128 printable ASCII characters',
      );
    }
    const claim = {
      accountId: request.accountId,
      key: request.key,
      route: request.route,
      hash: requestHash(request.route, request.request),
    };
    await this.prune();
    const claimed = await this.claim(claim);
    if ('held' in claimed) return replay(claim, claimed.held);
    const { claimedAt } = claimed;

    let response: StoredResponse;
    try {
      response = await work();
    } catch (err) {
      if (!isStoredError(err)) {
        await this.forget(claim, claimedAt);
        throw err;
      }
      const problem = { code: err.code, detail: err.message, errors: err.errors.map(fieldPointer) };
      await this.store(claim, claimedAt, err.status, { problem });
      throw err;
    }
    await this.store(claim, claimedAt, response.status, { body: response.body });
    return { ...response, replayed: false };
  }

  /**
   * Claims the key (its time), or returns the row of the request holding it. A holder may
   * forget its claim (a failure) between our insert and our read: then we try again.
   */
  private async claim(claim: Claim): Promise<{ claimedAt: Date } | { held: KeyRow | null }> {
    for (let attempt = 1; ; attempt++) {
      const claimedAt = await this.insertClaim(claim);
      if (claimedAt) return { claimedAt };
      const held = await this.find(claim);
      if (held || attempt === 3) return { held };
    }
  }

  /**
   * Inserts the claim, or takes over an expired key or a stale in-flight claim of the same
   * request, in one atomic statement.
   */
  private async insertClaim(claim: Claim): Promise<Date | null> {
    const now = this.deps.clock();
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MINUTES * 60_000);
    const values = {
      route: claim.route,
      requestHash: claim.hash,
      responseStatus: null,
      responseBody: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.deps.ttlHours * 3_600_000),
    };
    const t = idempotencyKeys;
    const claimed = await this.deps.db
      .insert(t)
      .values({ accountId: claim.accountId, key: claim.key, ...values })
      .onConflictDoUpdate({
        target: [t.accountId, t.key],
        set: values,
        setWhere: or(
          lt(t.expiresAt, now),
          and(
            isNull(t.responseStatus),
            lt(t.createdAt, staleBefore),
            eq(t.route, claim.route),
            eq(t.requestHash, claim.hash),
          ),
        ),
      })
      .returning({ createdAt: t.createdAt });
    return claimed[0]?.createdAt ?? null;
  }

  private async find(claim: Claim): Promise<KeyRow | null> {
    const t = idempotencyKeys;
    const [row] = await this.deps.db
      .select()
      .from(t)
      .where(and(eq(t.accountId, claim.accountId), eq(t.key, claim.key)));
    return row ?? null;
  }

  /** Records the outcome, unless a later request has taken the claim over meanwhile. */
  private async store(claim: Claim, claimedAt: Date, status: number, outcome: StoredOutcome) {
    const t = idempotencyKeys;
    await this.deps.db
      .update(t)
      .set({ responseStatus: status, responseBody: outcome })
      .where(ownClaim(claim, claimedAt));
  }

  private async forget(claim: Claim, claimedAt: Date) {
    await this.deps.db.delete(idempotencyKeys).where(ownClaim(claim, claimedAt));
  }

  /** Deletes a bounded batch of expired keys of any account; rows being pruned are skipped. */
  private async prune() {
    const now = this.deps.clock();
    const t = idempotencyKeys;
    const expired = this.deps.db
      .select({ accountId: t.accountId, key: t.key })
      .from(t)
      .where(lt(t.expiresAt, now))
      .orderBy(t.expiresAt)
      .limit(PRUNE_BATCH)
      .for('update', { skipLocked: true });
    await this.deps.db.delete(t).where(sql`(${t.accountId}, ${t.key}) in ${expired}`);
  }
}

const inFlight = () =>
  new Conflict(
    'idempotency-key-in-flight',
    'A request with this Idempotency-Key is still being processed; retry later',
  );

type KeyRow = typeof idempotencyKeys.$inferSelect;

/** Answers a request whose key another request holds: replay, reused or in flight. */
function replay(claim: Claim, row: KeyRow | null): StoredResponse & { replayed: boolean } {
  if (!row) throw inFlight();
  if (row.route !== claim.route || row.requestHash !== claim.hash) {
    throw new Unprocessable(
      'idempotency-key-reused',
      'This Idempotency-Key was used for a different request',
    );
  }
  if (row.responseStatus === null) throw inFlight();
  const outcome = row.responseBody as StoredOutcome;
  if ('problem' in outcome) {
    const { code, detail, errors } = outcome.problem;
    throw new ReplayedProblem(row.responseStatus, code, detail, errors);
  }
  return { status: row.responseStatus, body: outcome.body, replayed: true };
}

interface Claim {
  accountId: string;
  key: string;
  route: string;
  hash: string;
}

/** The claim made at `claimedAt`: its time tells it from a later takeover of the same key. */
const ownClaim = (claim: Claim, claimedAt: Date) =>
  and(
    eq(idempotencyKeys.accountId, claim.accountId),
    eq(idempotencyKeys.key, claim.key),
    eq(idempotencyKeys.createdAt, claimedAt),
  );
