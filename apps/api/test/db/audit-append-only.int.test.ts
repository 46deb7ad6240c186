import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { pgError } from '../../src/db/errors.js';
import { auditEvents } from '../../src/db/schema/index.js';
import { AuditLog } from '../../src/modules/audit/audit-log.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import type { Actor } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// SECURITY.md items 9 and 10: the app's own connection can add audit events, seal them once,
// and nothing else; a rolled-back write leaves no event behind.

const INSUFFICIENT_PRIVILEGE = '42501';
const audit = new AuditLog();
const actor: Actor = { identity: null, ip: '198.51.100.4', requestId: 'req-append-only' };

let database: TestDatabase;
let db: Database;
let sealer: AuditSealer;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  sealer = new AuditSealer({ db, log: pino({ level: 'silent' }) });
});
afterAll(() => database.drop());

async function recordEvent(action = 'patient.read'): Promise<string> {
  const patientId = newId();
  await audit.record(db, actor, { action, resourceType: 'patient', patientId, outcome: 'success' });
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(eq(auditEvents.patientId, patientId));
  return row!.id;
}

async function sqlStateOf(statement: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await statement();
  } catch (err) {
    return pgError(err)?.code;
  }
  return undefined;
}

const actionOf = async (id: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.id, id)))[0]?.action;

describe('the audit trail is append-only for the app', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, sealed or not, and keeps the row', async () => {
    const unsealed = await recordEvent();
    const attempts = [
      () =>
        db
          .update(auditEvents)
          .set({ action: 'patient.forged' })
          .where(eq(auditEvents.id, unsealed)),
      () => db.execute(sql`update audit_events set outcome = 'denied' where id = ${unsealed}`),
      () => db.delete(auditEvents).where(eq(auditEvents.id, unsealed)),
      () => db.execute(sql`delete from audit_events`),
      () => db.execute(sql`truncate audit_events`),
    ];
    for (const attempt of attempts) expect(await sqlStateOf(attempt)).toBe(INSUFFICIENT_PRIVILEGE);
    await sealer.sealPending();
    for (const attempt of attempts) expect(await sqlStateOf(attempt)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await actionOf(unsealed)).toBe('patient.read');
  });

  it('refuses a sealing-shaped update that also changes the content', async () => {
    const id = await recordEvent();
    const state = await sqlStateOf(() =>
      db.execute(sql`update audit_events
        set seq = 999999, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)},
            action = 'patient.forged'
        where id = ${id}`),
    );
    expect(state).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await actionOf(id)).toBe('patient.read');
  });

  it('refuses to seal a row twice', async () => {
    const id = await recordEvent();
    await sealer.sealPending();
    const [sealed] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(sealed!.seq).not.toBeNull();
    const state = await sqlStateOf(() =>
      db.execute(sql`update audit_events set seq = ${sealed!.seq! + 1000}, hash = ${'2'.repeat(64)}
        where id = ${id}`),
    );
    expect(state).toBe(INSUFFICIENT_PRIVILEGE);
    const [after] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(after).toEqual(sealed);
  });
});

describe('audit events and transactions', () => {
  it('leaves no event when the audited write rolls back', async () => {
    const patientId = newId();
    const failed = db.transaction(async (tx) => {
      await audit.record(tx, actor, {
        action: 'patient.update',
        resourceType: 'patient',
        resourceId: patientId,
        patientId,
        outcome: 'success',
      });
      throw new Error('the write failed after its event was recorded');
    });
    await expect(failed).rejects.toThrow('the write failed');
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.patientId, patientId));
    expect(rows).toEqual([]);
  });
});
