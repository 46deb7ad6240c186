import { asc, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema/index.js';
import { auditSealingJob } from '../../src/jobs/audit-sealing.js';
import { GENESIS_HASH } from '../../src/modules/audit/chain.js';
import { AuditRepository } from '../../src/modules/audit/repository.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import { silentLog, testKeys, useAuditTrail } from '../support/audit-fixtures.js';

// SECURITY.md item 10: events are chained in the order they are sealed, without gaps or forks,
// however many sealers run. Each test leaves every event sealed for the next.

const t = useAuditTrail({ ip: '192.0.2.10', requestId: 'req-chain' });

const recordEvents = (n: number) => Promise.all(Array.from({ length: n }, () => t.recordRead()));

const sealedChain = () =>
  t.db
    .select({
      id: auditEvents.id,
      seq: auditEvents.seq,
      prevHash: auditEvents.prevHash,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .where(isNotNull(auditEvents.seq))
    .orderBy(asc(auditEvents.seq));

const unsealedCount = () => new AuditRepository(t.db).countUnsealed();

/** A chain with no links missing: seq 1..n, each prev_hash the hash before it. */
function expectUnforked(chain: Awaited<ReturnType<typeof sealedChain>>): void {
  expect(chain.map((row) => row.seq)).toEqual(chain.map((_, i) => i + 1));
  chain.forEach((row, i) => {
    expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash);
  });
}

describe('sealing', () => {
  it('gives N events consecutive seqs chained from the genesis hash, once', async () => {
    expect(await t.verify()).toEqual({ ok: true, sealed: 0, unsealed: 0, legacy: 0 });
    await recordEvents(25);
    expect(await t.sealer.sealPending()).toBe(25);
    expect(await t.sealer.sealPending()).toBe(0);
    const chain = await sealedChain();
    expect(chain).toHaveLength(25);
    expectUnforked(chain);
    expect(await t.verify()).toEqual({ ok: true, sealed: 25, unsealed: 0, legacy: 0 });
  });

  it('gives events recorded later the next seqs, and counts those not yet sealed', async () => {
    const before = (await sealedChain()).length;
    await recordEvents(3);
    expect(await t.verify()).toEqual({ ok: true, sealed: before, unsealed: 3, legacy: 0 });
    expect(await t.sealer.sealPending()).toBe(3);
    const chain = await sealedChain();
    expect(chain.slice(before).map((row) => row.seq)).toEqual([before + 1, before + 2, before + 3]);
    expectUnforked(chain);
  });

  it('seals a backlog larger than one batch in several passes', async () => {
    const small = new AuditSealer({ db: t.db, log: silentLog, keys: testKeys, batchSize: 4 });
    await recordEvents(10);
    expect(await small.sealPending()).toBe(4);
    expect(await small.sealPending()).toBe(4);
    expect(await small.sealPending()).toBe(2);
    expectUnforked(await sealedChain());
  });

  it('keeps one unforked chain when two sealers run while events are written', async () => {
    const a = new AuditSealer({ db: t.db, log: silentLog, keys: testKeys, batchSize: 7 });
    const b = new AuditSealer({ db: t.db, log: silentLog, keys: testKeys, batchSize: 7 });
    const writing = (async () => {
      for (let round = 0; round < 10; round++) await recordEvents(8);
    })();
    const sealing = async (s: AuditSealer) => {
      for (let round = 0; round < 30; round++) await s.sealPending();
    };
    await Promise.all([writing, sealing(a), sealing(b), sealing(a), sealing(b)]);
    await t.sealAll();
    expect(await unsealedCount()).toBe(0);
    expectUnforked(await sealedChain());
    expect((await t.verify()).ok).toBe(true);
  });

  it('is sealed by the audit-sealing job on its timer once started, and the job stops', async () => {
    const timed = auditSealingJob({ db: t.db, log: silentLog, keys: testKeys }, 10);
    await recordEvents(5);
    timed.start();
    for (let i = 0; i < 200 && (await unsealedCount()) > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await timed.stop();
    expect(await unsealedCount()).toBe(0);
    expectUnforked(await sealedChain());
  });
});
