import type { Executor } from './client.js';

/**
 * Work a caller adds to a service's write transaction, so that it commits or rolls back with the
 * write: an Idempotency-Key's claim and stored answer (`http/idempotency.ts`) is the first. A
 * service that accepts one runs `before` first and `after` last in every attempt's transaction
 * (a contention retry runs both again), and knows nothing of what they do.
 */
export interface TransactionHook<T> {
  /** First in the transaction; throwing refuses the write. */
  before(tx: Executor): Promise<void>;
  /** Last in the same transaction, with what the write returns. */
  after(tx: Executor, result: T): Promise<void>;
}

/** Runs `work` in `tx` between the hook's two halves (no hook: just the work). */
export async function withinHook<T>(
  tx: Executor,
  hook: TransactionHook<T> | undefined,
  work: (tx: Executor) => Promise<T>,
): Promise<T> {
  await hook?.before(tx);
  const result = await work(tx);
  await hook?.after(tx, result);
  return result;
}
