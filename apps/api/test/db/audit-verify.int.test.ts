import { eq, type SQL, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';
import { useAuditTrail } from '../support/audit-fixtures.js';

// SECURITY.md item 10: an edit made behind the append-only trigger's back (as the table owner
// could) is found by verify, which names the first row that no longer follows. Each test undoes
// its edit, and verify then passes again: the chain, not a flag, is what it checks.

const t = useAuditTrail({ ip: '192.0.2.20', requestId: 'req-verify' });

/** Five more sealed events; returns them in chain order. */
async function sealedEvents() {
  for (let i = 0; i < 5; i++) await t.recordRead();
  await t.sealAll();
  const rows = await t.db.select().from(auditEvents).orderBy(auditEvents.seq);
  return rows.slice(-5).map((row) => ({ ...row, seq: row.seq! }));
}

/** Runs `statement` as only the table's owner could: the append-only trigger off for one transaction. */
const behindTheTrigger = (statement: SQL) =>
  t.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });

beforeEach(async () => {
  expect((await t.verify()).ok).toBe(true);
});

describe('verify', () => {
  it('reports an intact chain with its sealed and pending counts', async () => {
    const events = await sealedEvents();
    await t.audit.record(t.db, t.actor, {
      action: 'auth.sign-in',
      resourceType: 'account',
      outcome: 'failure',
    });
    const intact = { ok: true, sealed: events.at(-1)!.seq, unsealed: 1, legacy: 0 };
    expect(await t.verify()).toEqual(intact);
    expect(await t.verify({ batchSize: 2 })).toEqual(intact);
  });

  it('reports the seq of a sealed row whose action was edited', async () => {
    const edited = (await sealedEvents())[2]!;
    await behindTheTrigger(
      sql`update audit_events set action = 'patient.list' where id = ${edited.id}`,
    );
    expect(await t.verify()).toEqual({
      ok: false,
      brokenAt: { seq: edited.seq, id: edited.id },
      reason: "hash does not match the row's content",
    });
    // Read in pages of two, the edit is found the same way however the walk is cut.
    expect(await t.verify({ batchSize: 2 })).toMatchObject({
      brokenAt: { seq: edited.seq },
    });
    await behindTheTrigger(
      sql`update audit_events set action = ${edited.action} where id = ${edited.id}`,
    );
  });

  it('reports the gap a deleted middle row leaves, at the row after it', async () => {
    const events = await sealedEvents();
    const [deleted, next] = [events[1]!, events[2]!];
    // Kept aside in a table (not in JS, whose Date would drop the microseconds) to put it back.
    await behindTheTrigger(sql`create table deleted_event as
      select * from audit_events where id = ${deleted.id}`);
    await behindTheTrigger(sql`delete from audit_events where id = ${deleted.id}`);
    expect(await t.verify()).toEqual({
      ok: false,
      brokenAt: { seq: next.seq, id: next.id },
      reason: `seq ${next.seq} follows seq ${deleted.seq - 1}: 1 sealed row(s) missing`,
    });
    await behindTheTrigger(sql`insert into audit_events select * from deleted_event`);
    await t.db.execute(sql`drop table deleted_event`);
  });

  it('reports a row re-linked to another predecessor', async () => {
    const relinked = (await sealedEvents())[3]!;
    await behindTheTrigger(
      sql`update audit_events set prev_hash = ${'0'.repeat(64)} where id = ${relinked.id}`,
    );
    expect(await t.verify()).toMatchObject({
      ok: false,
      brokenAt: { seq: relinked.seq },
      reason: "prev_hash does not match the previous row's hash",
    });
    await behindTheTrigger(
      sql`update audit_events set prev_hash = ${relinked.prevHash} where id = ${relinked.id}`,
    );
  });

  it('covers every microsecond PostgreSQL stores, whichever driver reads it', async () => {
    const id = newId();
    await t.db.insert(auditEvents).values({
      id,
      occurredAt: sql`'2025-01-31T09:15:00.123456Z'::timestamptz`,
      action: 'patient.read',
      resourceType: 'patient',
      outcome: 'success',
    });
    await t.sealAll();
    expect((await t.verify()).ok).toBe(true);
    const shift = (by: string) =>
      behindTheTrigger(sql`update audit_events set occurred_at = occurred_at + ${by}::interval
        where id = ${id}`);
    await shift('1 microsecond');
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(await t.verify()).toMatchObject({ ok: false, brokenAt: { seq: row!.seq, id } });
    await shift('-1 microsecond');
  });
});
