import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

// SQL fragments the repositories share, so that each conversion is written once.

/** An instant as a parameter: text with a cast, since postgres.js sends no Date inside raw SQL. */
export const instantParam = (value: Date): SQL => sql`${value.toISOString()}::timestamptz`;

/** A time-of-day column as `HH:MM`, the API's local time. */
export const localTimeText = (column: AnyColumn | SQL) =>
  sql<string>`to_char(${column}, 'HH24:MI')`;

/** An instant column as UTC text with microseconds: keyset cursors keep the full precision. */
export const utcInstantText = (column: AnyColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
