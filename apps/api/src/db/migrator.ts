import { type SQL, sql } from 'drizzle-orm';
import type { DatabaseConfig, MigrationTarget } from '../config.js';
import { type Database, type DatabaseHandle, openDatabase } from './client.js';

// Two roles (README, "Two database roles"): the owner migrates, the runtime role the server
// connects as owns nothing. After every migration run the owner grants the runtime role exactly
// what the app needs, so that new tables are covered and a grant edited by hand is put back.

/**
 * Tables the runtime role may only read and append to, and the columns it may update: sealing
 * sets the audit chain's, once; a clinical record's revision is retired, released or
 * acknowledged by setting its columns, once. Triggers enforce "once" (migrations 0003, 0008);
 * the grants are the second wall: no DELETE, no UPDATE of content, whatever the app's code does.
 */
const APPEND_ONLY: Record<string, readonly string[]> = {
  audit_events: ['seq', 'prev_hash', 'hash', 'key_id'],
  visit_notes: ['superseded_at'],
  prescriptions: ['superseded_at'],
  diagnostic_reports: [
    'superseded_at',
    'released_at',
    'released_by',
    'critical_acknowledged_at',
    'critical_acknowledged_by',
  ],
  observations: [],
  documents: ['retired_at'],
  document_contents: [],
};

/** The statements, in order; idempotent: revoke everything, then grant what the app needs. */
export function runtimeGrants(role: string): SQL[] {
  const to = sql.identifier(role);
  const statements = [
    sql`revoke all on all tables in schema public from ${to}`,
    sql`revoke all on all sequences in schema public from ${to}`,
    sql`grant usage on schema public to ${to}`,
    sql`grant select, insert, update, delete on all tables in schema public to ${to}`,
    sql`grant usage, select on all sequences in schema public to ${to}`,
    // /ready and audit:verify check that the schema is current.
    sql`grant usage on schema drizzle to ${to}`,
    sql`grant select on drizzle.__drizzle_migrations to ${to}`,
  ];
  for (const [table, updatable] of Object.entries(APPEND_ONLY)) {
    statements.push(sql`revoke update, delete on ${sql.identifier(table)} from ${to}`);
    if (updatable.length === 0) continue;
    const columns = sql.join(
      updatable.map((c) => sql.identifier(c)),
      sql`, `,
    );
    statements.push(sql`grant update (${columns}) on ${sql.identifier(table)} to ${to}`);
  }
  return statements;
}

/** Applies `runtimeGrants` in one transaction, as the owner of the tables. */
export async function grantRuntimeRole(db: Database, role: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const statement of runtimeGrants(role)) await tx.execute(statement);
  });
}

/**
 * Runs `work` with the handle that migrates: `database` itself with one role, or a connection
 * of the owner's (`MIGRATION_DATABASE_URL`), closed afterwards.
 */
export async function asMigrator<T>(
  database: DatabaseHandle,
  config: DatabaseConfig,
  migration: MigrationTarget | null,
  work: (migrator: DatabaseHandle) => Promise<T>,
): Promise<T> {
  if (!migration || config.kind !== 'postgres') return work(database);
  const owner = await openDatabase({ ...config, url: migration.url, poolMax: 1 });
  try {
    return await work(owner);
  } finally {
    await owner.close();
  }
}

/** Applies pending migrations as `migrator`, then the runtime role's grants if there is one. */
export async function migrateAndGrant(
  migrator: DatabaseHandle,
  migration: MigrationTarget | null,
): Promise<void> {
  await migrator.migrate();
  if (migration?.runtimeRole) await grantRuntimeRole(migrator.db, migration.runtimeRole);
}

/**
 * True when the connected role owns the audit table (or is a member of its owner): it could then
 * disable the append-only trigger. The single-role setup; the server warns about it.
 */
export async function ownsAuditTrail(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ owns: sql<boolean>`pg_has_role(current_user, c.relowner, 'USAGE')` })
    .from(sql`pg_class c`)
    .where(sql`c.oid = to_regclass('public.audit_events')`);
  return row?.owns === true;
}
