import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';
import { useAuditTrail } from '../support/audit-fixtures.js';
import { sqlStateOf } from '../support/sql-state.js';

// SECURITY.md items 9 and 10: the app's own connection can add audit events, seal them once,
// and nothing else; a rolled-back write leaves no event behind.

const INSUFFICIENT_PRIVILEGE = '42501';
const t = useAuditTrail({ ip: '198.51.100.4', requestId: 'req-append-only' });

async function recordEvent(): Promise<string> {
  const patientId = await t.recordRead();
  const [row] = await t.db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(eq(auditEvents.patientId, patientId));
  return row!.id;
}

const actionOf = async (id: string) =>
  (await t.db.select().from(auditEvents).where(eq(auditEvents.id, id)))[0]?.action;

describe('the audit trail is append-only for the app', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, sealed or not, and keeps the row', async () => {
    const unsealed = await recordEvent();
    const attempts = [
      () =>
        t.db
          .update(auditEvents)
          .set({ action: 'patient.forged' })
          .where(eq(auditEvents.id, unsealed)),
      () => t.db.execute(sql`update audit_events set outcome = 'denied' where id = ${unsealed}`),
      () => t.db.delete(auditEvents).where(eq(auditEvents.id, unsealed)),
      () => t.db.execute(sql`delete from audit_events`),
      () => t.db.execute(sql`truncate audit_events`),
    ];
    for (const attempt of attempts) expect(await sqlStateOf(attempt)).toBe(INSUFFICIENT_PRIVILEGE);
    await t.sealer.sealPending();
    for (const attempt of attempts) expect(await sqlStateOf(attempt)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await actionOf(unsealed)).toBe('patient.read');
  });

  it('refuses a sealing-shaped update that also changes the content', async () => {
    const id = await recordEvent();
    const state = await sqlStateOf(() =>
      t.db.execute(sql`update audit_events
        set seq = 999999, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)},
            action = 'patient.forged'
        where id = ${id}`),
    );
    expect(state).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await actionOf(id)).toBe('patient.read');
  });

  it('refuses to seal a row twice', async () => {
    const id = await recordEvent();
    await t.sealer.sealPending();
    const [sealed] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(sealed!.seq).not.toBeNull();
    const state = await sqlStateOf(() =>
      t.db.execute(sql`update audit_events set seq = ${sealed!.seq! + 1000}, hash = ${'2'.repeat(64)}
        where id = ${id}`),
    );
    expect(state).toBe(INSUFFICIENT_PRIVILEGE);
    const [after] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(after).toEqual(sealed);
  });
});

describe('audit events and transactions', () => {
  it('leaves no event when the audited write rolls back', async () => {
    const patientId = newId();
    const failed = t.db.transaction(async (tx) => {
      await t.audit.record(tx, t.actor, {
        action: 'patient.update',
        resourceType: 'patient',
        resourceId: patientId,
        patientId,
        outcome: 'success',
      });
      throw new Error('the write failed after its event was recorded');
    });
    await expect(failed).rejects.toThrow('the write failed');
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.patientId, patientId));
    expect(rows).toEqual([]);
  });
});
