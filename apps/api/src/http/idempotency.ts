import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import type { TransactionHook } from '../db/transaction-hook.js';
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

/** Expired keys of any account deleted per request: bounded, and more than requests add. */
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

/** Another request holds the key: its transaction is still running, or has just answered. */
class KeyInFlight extends Conflict {
  constructor() {
    super(
      'idempotency-key-in-flight',
      'A request with this Idempotency-Key is still being processed; retry later',
    );
  }
}

/**
 * Idempotency-Key handling for creating POSTs.
 *
 * `run` executes `work` at most once per (account, key) while the key is kept (ttlHours):
 * - a replay with an equal request returns the stored status and body (`replayed: true`);
 * - an unequal request with the same key → Unprocessable `idempotency-key-reused`;
 * - a request while another with the same key runs → Conflict `idempotency-key-in-flight`,
 *   whatever its body (nothing of the first is visible before it commits). PGlite runs one
 *   transaction at a time, so there a duplicate waits for the first to commit and replays it;
 * - `work` throwing a client error (a DomainError with a 4xx status other than 429) is stored
 *   and thrown again, equal, on replay; any other failure leaves nothing, so a retry runs anew.
 *
 * The claim lives and dies with the work's transaction. `work` runs the TransactionHook it is
 * given inside its own transaction: `before` takes a transaction-scoped advisory lock on
 * (account, key) without waiting (held: in flight) and checks that no answer was stored
 * meanwhile; `after` inserts the answer. So the answer commits with the write it answers, and a
 * transaction that dies (an error, a crash, a lost connection) takes its claim with it: the key
 * is free at once, nothing stored, and a retry finds the answer or runs the work anew. A
 * contention retry of the work's transaction runs the hook again with it.
 *
 * Before the work, one statement reads the answer and probes the lock, so that replays and
 * duplicates in flight never reach the service. A client error has rolled the work back; its
 * problem is then stored in a transaction of its own under the same lock, unless another
 * request has taken the key since: nothing was written, so a process dying before it stores the
 * refusal only means that a retry runs the work again. A key lives ttlHours from its request;
 * each request deletes up to PRUNE_BATCH expired keys of any account.
 */
export class Idempotency {
  constructor(readonly deps: { db: Database; clock: () => Date; ttlHours: number }) {}

  async run<T>(
    request: IdempotentRequest,
    work: (hook: TransactionHook<T> | undefined) => Promise<T>,
    respond: (result: T) => StoredResponse,
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (request.key === undefined) return { ...respond(await work(undefined)), replayed: false };
    const claim = this.claimOf({ ...request, key: request.key });
    await this.prune();
    const probed = await this.probe(claim);
    if (probed.answer) return replay(claim, probed.answer);
    if (!probed.free) throw new KeyInFlight();

    let answer: StoredResponse | undefined;
    try {
      await work({
        before: async (tx) => {
          if ((await this.take(tx, claim)) !== 'taken') throw new KeyInFlight();
        },
        after: async (tx, result) => {
          answer = respond(result);
          await this.insert(tx, claim, answer.status, { body: answer.body });
        },
      });
      // A work that skips the hook would answer without storing: a bug, not a client's fault.
      if (!answer) throw new Error('idempotent work did not run its transaction hook');
      return { ...answer, replayed: false };
    } catch (err) {
      if (isStoredError(err) && !(err instanceof KeyInFlight)) await this.storeRefusal(claim, err);
      throw err;
    }
  }

  private claimOf(request: IdempotentRequest & { key: string }): Claim {
    if (!KEY_PATTERN.test(request.key)) {
      throw new BadRequest(
        'idempotency-key-invalid',
        'Idempotency-Key must be 1 to 128 printable ASCII characters',
      );
    }
    return {
      accountId: request.accountId,
      key: request.key,
      route: request.route,
      hash: requestHash(request.route, request.request),
      now: this.deps.clock(),
    };
  }

  /**
   * The key's live answer, and whether its lock is free, in one statement (the lock, if free,
   * is let go as the statement ends). A holder may commit in between: `before` checks again.
   */
  private async probe(claim: Claim): Promise<{ free: boolean; answer: KeyRow | null }> {
    const t = idempotencyKeys;
    const [probed] = await this.deps.db
      .select({ free: tryLock(claim), row: t })
      .from(sql`(values (1)) as probe (one)`)
      .leftJoin(t, ownKey(claim));
    const row = probed?.row ?? null;
    return { free: probed?.free === true, answer: row && isLive(row, claim.now) ? row : null };
  }

  /**
   * Takes the key for `tx`'s lifetime, without waiting; clears an expired row (or a claim left
   * without an answer by an older version) once it holds the key.
   */
  private async take(tx: Executor, claim: Claim): Promise<'taken' | 'held' | 'answered'> {
    const [lock] = await tx.select({ free: tryLock(claim) }).from(sql`(values (1)) as probe (one)`);
    if (lock?.free !== true) return 'held';
    // A statement of its own: its snapshot is taken after the lock, so it sees the last holder's commit.
    const [row] = await tx.select().from(idempotencyKeys).where(ownKey(claim));
    if (row && isLive(row, claim.now)) return 'answered';
    if (row) await tx.delete(idempotencyKeys).where(ownKey(claim));
    return 'taken';
  }

  private async insert(tx: Executor, claim: Claim, status: number, outcome: StoredOutcome) {
    await tx.insert(idempotencyKeys).values({
      accountId: claim.accountId,
      key: claim.key,
      route: claim.route,
      requestHash: claim.hash,
      responseStatus: status,
      responseBody: outcome,
      createdAt: claim.now,
      expiresAt: new Date(claim.now.getTime() + this.deps.ttlHours * 3_600_000),
    });
  }

  /**
   * Stores a refusal after its rollback, unless another request has taken the key since. If the
   * database fails here the client still gets its refusal; a retry runs the work again.
   */
  private async storeRefusal(claim: Claim, err: DomainError) {
    const problem = { code: err.code, detail: err.message, errors: err.errors.map(fieldPointer) };
    await this.deps.db
      .transaction(async (tx) => {
        if ((await this.take(tx, claim)) === 'taken') {
          await this.insert(tx, claim, err.status, { problem });
        }
      })
      .catch(() => undefined);
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

type KeyRow = typeof idempotencyKeys.$inferSelect;

/** An answer still kept; rows without one were left by an older version's claims. */
const isLive = (row: KeyRow, now: Date) => row.responseStatus !== null && row.expiresAt >= now;

/** Answers a request whose key has a live answer: replay, or reused. */
function replay(claim: Claim, row: KeyRow): StoredResponse & { replayed: boolean } {
  if (row.route !== claim.route || row.requestHash !== claim.hash) {
    throw new Unprocessable(
      'idempotency-key-reused',
      'This Idempotency-Key was used for a different request',
    );
  }
  const status = row.responseStatus as number; // isLive
  const outcome = row.responseBody as StoredOutcome;
  if ('problem' in outcome) {
    const { code, detail, errors } = outcome.problem;
    throw new ReplayedProblem(status, code, detail, errors);
  }
  return { status, body: outcome.body, replayed: true };
}

interface Claim {
  accountId: string;
  key: string;
  route: string;
  hash: string;
  /** When the request came: its key is kept ttlHours from then. */
  now: Date;
}

const ownKey = (claim: Claim) =>
  and(eq(idempotencyKeys.accountId, claim.accountId), eq(idempotencyKeys.key, claim.key));

/**
 * The key's transaction-scoped advisory lock, taken without waiting: true if taken. An account
 * id is a UUID, so `account:key` names one key; bookings lock `patient:…` and bookable keys.
 */
const tryLock = (claim: Claim) =>
  sql<boolean>`pg_try_advisory_xact_lock(hashtextextended(${`idempotency-key:${claim.accountId}:${claim.key}`}::text, 0))`;
