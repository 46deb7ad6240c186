import type postgres from 'postgres';
import { PoolTimeout } from './errors.js';

type Sql = postgres.Sql;
type Transaction = (tx: postgres.TransactionSql) => unknown;

/**
 * The pool with a deadline on waiting for a free connection (postgres.js has none): a statement
 * still queued after `ms` is taken out of the queue and fails with 57014, and a transaction whose
 * BEGIN has not run by then fails with PoolTimeout and, should it start later, rolls back at once.
 * A statement already sent is left to the server's statement_timeout.
 */
export function withPoolDeadline(client: Sql, ms: number): Sql {
  const unsafe = (...args: Parameters<Sql['unsafe']>) => {
    const query = client.unsafe(...args);
    // `state` is set once the query is written to a connection; until then it waits in the pool.
    const queued = () => !(query as unknown as { state?: unknown }).state;
    setTimeout(() => queued() && void query.cancel(), ms).unref();
    return query;
  };
  const begin = (...args: unknown[]) => {
    const work = args.pop() as Transaction;
    let started = false;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (started) return;
        timedOut = true;
        reject(new PoolTimeout(ms));
      }, ms);
    });
    const transaction = (client.begin as (...a: unknown[]) => Promise<unknown>)(
      ...args,
      (tx: postgres.TransactionSql) => {
        started = true;
        clearTimeout(timer);
        if (timedOut) throw new PoolTimeout(ms); // its caller already has the 503: roll back
        return work(tx);
      },
    );
    return Promise.race([transaction, deadline]);
  };
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'unsafe'
        ? unsafe
        : property === 'begin'
          ? begin
          : Reflect.get(target, property, receiver),
  });
}
