import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/** The committed SQL migrations; resolves the same from src/db and from dist/db. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The committed migrations as drizzle-kit's journal lists them, oldest first. */
export function committedMigrations(): { when: number; tag: string }[] {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number; tag: string }[] };
  return journal.entries;
}

/** True when the newest committed migration has been applied to this database. */
export async function migrationsAreCurrent(db: Database): Promise<boolean> {
  const latest = committedMigrations().at(-1);
  if (!latest) return true;
  try {
    const [row] = await db
      .select({ applied: sql<string | null>`max(created_at)` })
      .from(sql`drizzle.__drizzle_migrations`);
    return Number(row?.applied ?? 0) >= latest.when;
  } catch {
    return false; // no migrations table yet
  }
}
