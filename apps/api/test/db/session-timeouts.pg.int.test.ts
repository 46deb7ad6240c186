import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { unboundedStatements } from '../../src/cli/migrate.js';
import { loadDatabaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase } from '../support/database.js';

// The session settings every PostgreSQL connection of the app starts with: requests are bounded
// by the statement timeout, an abandoned transaction by the idle-in-transaction timeout (which
// frees an Idempotency-Key's lock after a partition); operator commands run unbounded.

const database = await createTestDatabase({ migrate: false });
afterAll(() => database.drop());

async function settingsOf(config: ReturnType<typeof loadDatabaseConfig>) {
  const handle = await openDatabase(config);
  try {
    const [row] = await handle.db
      .select({
        statement: sql<string>`current_setting('statement_timeout')`,
        idle: sql<string>`current_setting('idle_in_transaction_session_timeout')`,
      })
      .from(sql`(values (1)) as v`);
    return row;
  } finally {
    await handle.close();
  }
}

describe('PostgreSQL session timeouts', () => {
  it('bound a request’s statements and an abandoned transaction', async () => {
    const config = loadDatabaseConfig({
      DATABASE_URL: database.url!,
      DB_STATEMENT_TIMEOUT_MS: '4000',
    });
    expect(await settingsOf(config)).toEqual({ statement: '4s', idle: '30s' });
    const long = loadDatabaseConfig({
      DATABASE_URL: database.url!,
      DB_STATEMENT_TIMEOUT_MS: '20000',
    });
    expect(await settingsOf(long)).toEqual({ statement: '20s', idle: '40s' });
  });

  it('leave an operator command’s statements unbounded', async () => {
    const config = unboundedStatements(loadDatabaseConfig({ DATABASE_URL: database.url! }));
    expect(await settingsOf(config)).toEqual({ statement: '0', idle: '0' });
  });

  it('end a session left idle inside its transaction once the timeout passes', async () => {
    const handle = await openDatabase(loadDatabaseConfig({ DATABASE_URL: database.url! }));
    try {
      // The session's own setting, shortened for the test: the server ends it, not the client.
      const outcome = await handle.db
        .transaction(async (tx) => {
          await tx.execute(sql`set local idle_in_transaction_session_timeout = '200ms'`);
          await new Promise((done) => setTimeout(done, 1_500));
          await tx.execute(sql`select 1`);
        })
        .then(
          () => 'committed',
          (err: unknown) => String(err),
        );
      // The server's FATAL (57P05) closes the connection: the transaction fails, nothing commits.
      expect(outcome).toMatch(/CONNECTION_CLOSED|idle-in-transaction/);
      // The pool replaces the ended connection: the next query is answered.
      const rows = await handle.db.select({ one: sql<number>`1` }).from(sql`(values (1)) as v`);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
    }
  });
});
