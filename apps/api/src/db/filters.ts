import { and, eq, not, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The `status` list filter. A record counts as active only when every given `active` column is
 * true: a doctor at a deactivated location is not offered, though the doctor row is active.
 */
export function activeCondition(
  status: 'active' | 'inactive' | 'all',
  ...columns: PgColumn[]
): SQL | undefined {
  if (status === 'all') return undefined;
  const allActive = and(...columns.map((column) => eq(column, true)))!;
  return status === 'active' ? allActive : not(allActive);
}

/** An ILIKE pattern matching `text` anywhere, with the client's wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
