import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/** The committed SQL migrations; resolves the same from src/db and from dist/db. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function latestCommittedMigration(): { when: number; tag: string } | null {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return journal.entries.at(-1) ?? null;
}

/** True when the newest committed migration has been applied to this database. */
export async function migrationsAreCurrent(db: Database): Promise<boolean> {
  const latest = latestCommittedMigration();
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
