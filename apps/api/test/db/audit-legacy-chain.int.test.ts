import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { AuditLog } from '../../src/modules/audit/audit-log.js';
import { GENESIS_HASH, legacyChainHash } from '../../src/modules/audit/chain.js';
import { AuditRepository } from '../../src/modules/audit/repository.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { newId } from '../../src/shared/ids.js';
import { testKeys as keys, silentLog } from '../support/audit-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// An upgrade: a trail sealed the unkeyed way before migration 0007 keeps its events. They stay
// unkeyed (nobody can seal them after the fact without laundering an edit), the keyed chain
// continues from their head, and verify accepts them only in the number the operator declares.

const LEGACY = 3;
let database: TestDatabase;
let folder: string;

/** The committed migrations up to (not including) the one that keyed the chain. */
function migrationsBeforeKeying(): string {
  const dir = mkdtempSync(join(tmpdir(), 'medsync-migrations-0006-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const keying = journal.entries.findIndex((e) => e.tag === '0007_audit_keyed_chain');
  journal.entries = journal.entries.slice(0, keying);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

/** Events recorded and sealed as the code before 0007 did: raw columns, SHA-256 links. */
async function sealUnkeyed(n: number): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const row = {
      id: newId(),
      occurredAt: `2025-0${seq}-01T10:00:00.00000${seq}Z`,
      actorId: null,
      actorRole: null,
      action: 'patient.read',
      resourceType: 'patient',
      resourceId: null,
      patientId: newId(),
      outcome: 'success',
      ip: '192.0.2.50',
      requestId: `legacy-${seq}`,
      correlationId: null,
    };
    const hash = legacyChainHash(prevHash, row);
    await database.db.execute(sql`insert into audit_events
      (id, occurred_at, action, resource_type, patient_id, outcome, ip, request_id)
      values (${row.id}, ${row.occurredAt}::timestamptz, ${row.action}, ${row.resourceType},
        ${row.patientId}, ${row.outcome}, ${row.ip}, ${row.requestId})`);
    await database.db.execute(sql`update audit_events
      set seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`);
    prevHash = hash;
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  folder = migrationsBeforeKeying();
  const db = database.db as never;
  await (database.kind === 'pglite'
    ? migratePglite(db, { migrationsFolder: folder })
    : migratePostgres(db, { migrationsFolder: folder }));
  await sealUnkeyed(LEGACY);
  await database.migrate(); // 0007 and anything after it
});
afterAll(async () => {
  await database.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('a trail sealed before the chain was keyed', () => {
  it('continues under the key from the unkeyed head, verified with the declared count', async () => {
    const actor = { identity: null, ip: '192.0.2.51', requestId: newId() };
    for (let i = 0; i < 2; i++) {
      await new AuditLog().record(database.db, actor, {
        action: 'patient.read',
        resourceType: 'patient',
        outcome: 'success',
      });
    }
    await new AuditSealer({ db: database.db, log: silentLog, keys }).sealPending();
    const rows = await new AuditRepository(database.db).sealedAfter(0, 100);
    expect(rows.map((r) => r.keyId)).toEqual([null, null, null, keys.current.id, keys.current.id]);
    expect(rows[LEGACY]!.prevHash).toBe(rows[LEGACY - 1]!.hash);

    expect(await verifyChain(database.db, { keys, legacyEvents: LEGACY })).toEqual({
      ok: true,
      sealed: 5,
      unsealed: 0,
      legacy: LEGACY,
    });
    // Undeclared, they could be anyone's rewrite: verify says so rather than vouch for them.
    expect(await verifyChain(database.db, { keys })).toMatchObject({
      ok: false,
      brokenAt: { seq: 1 },
      reason: expect.stringContaining('3 event(s) sealed without a key, 0 expected'),
    });
  });

  it('cannot be sealed unkeyed any more, even by a sealing-shaped update', async () => {
    const actor = { identity: null, ip: '192.0.2.52', requestId: newId() };
    await new AuditLog().record(database.db, actor, {
      action: 'patient.read',
      resourceType: 'patient',
      outcome: 'success',
    });
    const [pending] = await new AuditRepository(database.db).unsealed(1);
    const attempt = database.db.execute(sql`update audit_events
      set seq = 6, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)}
      where id = ${pending!.id}`);
    await expect(attempt).rejects.toMatchObject({ cause: { code: '42501' } });
  });
});
