import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailable } from '../shared/errors.js';
import { pgError, SqlState } from './errors.js';

const CONTENTION: ReadonlySet<string> = new Set([
  SqlState.deadlockDetected,
  SqlState.serializationFailure,
]);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Waits before the next attempt, told which attempt failed. */
  pause?: (attempt: number) => Promise<unknown>;
  /** The 503's detail once every attempt failed. */
  busyDetail?: string;
}

const jitter = (attempt: number) => sleep(attempt * (5 + Math.random() * 20));

/**
 * Runs `work` (a whole transaction) again when PostgreSQL aborted it as a deadlock victim or a
 * serialization failure, up to `attempts` times in all; then answers 503 `busy` (with
 * Retry-After). Every writer whose transactions can contend wraps them in this.
 */
export async function retryOnContention<T>(
  work: () => Promise<T>,
  {
    attempts = 3,
    pause = jitter,
    busyDetail = 'The database is busy; retry shortly',
  }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = pgError(err)?.code;
      if (code === undefined || !CONTENTION.has(code)) throw err;
      if (attempt >= attempts) throw new ServiceUnavailable('busy', busyDetail);
      await pause(attempt);
    }
  }
}
