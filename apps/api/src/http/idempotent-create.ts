import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TransactionHook } from '../db/transaction-hook.js';
import { identityOf } from '../shared/actor.js';
import { type Idempotency, ReplayedProblem } from './idempotency.js';

/** What a creating POST does, and how its answer names what it created. */
export interface Creation<T> {
  /**
   * The work, run at most once per (account, Idempotency-Key): a service call that runs `hook`
   * inside its write transaction, so that the stored answer commits with what it created.
   */
  create: (hook: TransactionHook<T> | undefined) => Promise<T>;
  /** The `Location` of what was created. */
  location: (created: T) => string;
  /** Called when a replay hands the stored result out again (e.g. to audit the read). */
  replayed?: (created: T) => Promise<void>;
}

/**
 * Answers a creating POST under its Idempotency-Key (the route declares IdempotencyKeyHeaders):
 * 201 with `Location`; a replay gets the stored 201 or problem again, marked
 * `Idempotent-Replayed: true`. The key is bound to the route (`POST /api/v1/bookings`).
 */
export async function idempotentCreate<T>(
  idempotency: Idempotency,
  request: FastifyRequest,
  reply: FastifyReply,
  creation: Creation<T>,
): Promise<FastifyReply> {
  const answer = await idempotency
    .run(
      {
        accountId: identityOf(request).accountId,
        // A string or absent: the route's header schema has checked it.
        key: request.headers['idempotency-key'] as string | undefined,
        route: `${request.method} ${request.routeOptions.url}`,
        // A key answers one request: under a path with ids (a booking's prescriptions), its ids too.
        request: hasParams(request) ? { params: request.params, body: request.body } : request.body,
      },
      creation.create,
      (created) => ({ status: 201, body: created }),
    )
    .catch((err: unknown) => {
      // A refusal stored under the key and given again is a replay too.
      if (err instanceof ReplayedProblem) reply.header('idempotent-replayed', 'true');
      throw err;
    });
  // What `run` returns is this work's 201 (errors are thrown, on replay too).
  const created = answer.body as T;
  if (answer.replayed) {
    reply.header('idempotent-replayed', 'true');
    await creation.replayed?.(created);
  }
  return reply.code(answer.status).header('location', creation.location(created)).send(created);
}

const hasParams = (request: FastifyRequest) =>
  Object.keys((request.params as object | undefined) ?? {}).length > 0;
