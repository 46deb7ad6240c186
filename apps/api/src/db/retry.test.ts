import { describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../shared/errors.js';
import { retryOnContention } from './retry.js';

// A writer (the booking write path first) runs its transaction again when PostgreSQL aborted it as a deadlock
// victim (40P01) or a serialization failure (40001). A fake transaction throws those codes the
// way Drizzle does: the SQLSTATE on the driver error in `cause`.

const pgFailure = (code: string) =>
  Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('pg'), { code }) });

/** A transaction that fails with these errors in turn, then commits with 'done'. */
function failingWith(...errors: Error[]) {
  let calls = 0;
  const work = async () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'done';
  };
  return { work, calls: () => calls };
}

const noPause = async () => undefined;

describe('retryOnContention', () => {
  it.each(['40P01', '40001'])('runs the work again after %s', async (code) => {
    const tx = failingWith(pgFailure(code), pgFailure(code));
    await expect(retryOnContention(tx.work, { attempts: 3, pause: noPause })).resolves.toBe('done');
    expect(tx.calls()).toBe(3);
  });

  it('gives up after three attempts with 503 ServiceUnavailable', async () => {
    const tx = failingWith(pgFailure('40P01'), pgFailure('40001'), pgFailure('40P01'));
    const failure = await retryOnContention(tx.work, { attempts: 3, pause: noPause }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ServiceUnavailable);
    expect(failure).toMatchObject({ status: 503, code: 'busy' });
    expect((failure as Error).message).toBe('The database is busy; retry shortly');
    expect(tx.calls()).toBe(3);
  });

  it('rethrows anything else at once, a constraint violation included', async () => {
    for (const err of [pgFailure('23P01'), new Error('connection lost')]) {
      const tx = failingWith(err);
      await expect(retryOnContention(tx.work, { attempts: 3, pause: noPause })).rejects.toBe(err);
      expect(tx.calls()).toBe(1);
    }
  });

  it('pauses between attempts, told which attempt failed', async () => {
    const pauses: number[] = [];
    const tx = failingWith(pgFailure('40P01'), pgFailure('40P01'));
    await retryOnContention(tx.work, {
      pause: async (attempt) => {
        pauses.push(attempt);
      },
    });
    expect(pauses).toEqual([1, 2]);
  });
});
