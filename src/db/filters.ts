import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** The `status` list filter over an `active` column. */
export function activeCondition(
  column: PgColumn,
  status: 'active' | 'inactive' | 'all',
): SQL | undefined {
  if (status === 'all') return undefined;
  return eq(column, status === 'active');
}

/** An ILIKE pattern matching `text` anywhere, with the client's wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
