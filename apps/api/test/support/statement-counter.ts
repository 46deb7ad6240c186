import type { OpenOptions } from '../../src/db/client.js';

/**
 * Counts the SQL statements the app sends, to pin that a request's cost does not grow with the
 * data (no query per item). Pass `counter.options` where the database is opened
 * (`createTestApp({ database: counter.options })` or `createTestDatabase(counter.options)`), then
 * wrap the request in `counter.during`. It sees every statement Drizzle sends, through the
 * database handle's `onQuery` hook, on PGlite and PostgreSQL alike; a driver's own BEGIN and
 * COMMIT are not Drizzle statements and are not counted. Run one request at a time.
 */
export class StatementCounter {
  private readonly seen: string[] = [];
  readonly options: OpenOptions = { onQuery: (sql) => this.seen.push(sql) };

  /** Runs `work` and returns its result with the statements sent while it ran, in order. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const from = this.seen.length;
    const result = await work();
    return { result, statements: this.seen.slice(from) };
  }
}
