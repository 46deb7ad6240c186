import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sqlStateOf } from '../support/sql-state.js';

// The trigger function behind every clinical table (migration 0008), on a table of its own:
// no DELETE or TRUNCATE, no UPDATE except setting the named columns once from NULL.

const INSUFFICIENT_PRIVILEGE = '42501';
let database: TestDatabase;
// PGlite's Drizzle answers { rows }, postgres.js's the rows themselves.
const rowsOf = (result: unknown) => (result as { rows?: unknown[] }).rows ?? result;

const sqlStateOfRaw = (statement: string) =>
  sqlStateOf(() => database.db.execute(sql.raw(statement)));

beforeAll(async () => {
  database = await createTestDatabase();
  for (const statement of [
    'create table guarded (id int primary key, body text, retired_at timestamptz, retired_by int)',
    `create trigger guarded_guard before update or delete on guarded
       for each row execute function clinical_record_guard('retired_at', 'retired_by')`,
    `create trigger guarded_no_truncate before truncate on guarded
       for each statement execute function clinical_record_guard()`,
    `insert into guarded (id, body) values (1, 'first'), (2, 'second')`,
  ]) {
    await database.db.execute(sql.raw(statement));
  }
});
afterAll(() => database.drop());

describe('clinical_record_guard', () => {
  it('refuses changing content, deleting and truncating', async () => {
    expect(await sqlStateOfRaw(`update guarded set body = 'forged' where id = 1`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await sqlStateOfRaw('delete from guarded where id = 1')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await sqlStateOfRaw('truncate guarded')).toBe(INSUFFICIENT_PRIVILEGE);
    const rows = await database.db.execute(sql`select body from guarded order by id`);
    expect(rowsOf(rows)).toEqual([{ body: 'first' }, { body: 'second' }]);
  });

  it('allows setting the named columns once from NULL, and only those', async () => {
    expect(
      await sqlStateOfRaw(`update guarded set retired_at = now(), retired_by = 7 where id = 1`),
    ).toBe(undefined);
    // A second time, or together with content, is refused.
    expect(await sqlStateOfRaw(`update guarded set retired_by = 8 where id = 1`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(
      await sqlStateOfRaw(`update guarded set retired_at = now(), body = 'forged' where id = 2`),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    // A no-op update of a set column is harmless.
    expect(await sqlStateOfRaw(`update guarded set retired_by = 7 where id = 1`)).toBe(undefined);
    const rows = await database.db.execute(
      sql`select id, body, retired_by from guarded order by id`,
    );
    expect(rowsOf(rows)).toEqual([
      { id: 1, body: 'first', retired_by: 7 },
      { id: 2, body: 'second', retired_by: null },
    ]);
  });
});
