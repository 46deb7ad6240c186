import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  type ChainKey,
  canonicalContent,
  chainHash,
  chainKey,
  legacyChainHash,
  type SealedContent,
} from '../../src/modules/audit/chain.js';
import { chainKeyring } from '../../src/modules/audit/keys.js';
import { AuditRepository, type SealedRow } from '../../src/modules/audit/repository.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import { AUDIT_CHAIN_KEY, silentLog, useAuditTrail } from '../support/audit-fixtures.js';

// SECURITY.md item 31: someone who can write the table (its owner, a superuser, a stolen
// backup restored and edited) edits an event and recomputes the chain after it. Without the
// key, whatever they recompute, verify finds it. Each test puts the trail back as it was.

const t = useAuditTrail({ ip: '192.0.2.40', requestId: 'req-keyed' });

const ATTACKER_KEY = 'attacker-guess-0123456789abcdef01234567';
type Rehash = (prevHash: string, row: SealedContent) => string;

const chain = async (): Promise<SealedRow[]> => new AuditRepository(t.db).sealedAfter(0, 100_000);

/** Writes the whole chain back as the rows' owner could, the append-only trigger off. */
async function overwrite(rows: SealedRow[]): Promise<void> {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const row of rows) {
      await tx.execute(sql`update audit_events set action = ${row.action},
        prev_hash = ${row.prevHash}, hash = ${row.hash}, key_id = ${row.keyId}
        where id = ${row.id}`);
    }
  });
}

/** Edits the action of the row at `index`, then recomputes every link from it on with `rehash`. */
function rechained(
  rows: SealedRow[],
  index: number,
  rehash: Rehash,
  keyId: (row: SealedRow) => string | null,
): SealedRow[] {
  const edited = rows.map((row, i) => (i === index ? { ...row, action: 'patient.list' } : row));
  let prevHash = index === 0 ? rows[0]!.prevHash! : rows[index - 1]!.hash!;
  return edited.map((row, i) => {
    if (i < index) return row;
    const hash = rehash(prevHash, row);
    const link = { ...row, prevHash, hash, keyId: keyId(row) };
    prevHash = hash;
    return link;
  });
}

/** Seals five more events; returns the chain as it stands. */
async function sealedChain(): Promise<SealedRow[]> {
  for (let i = 0; i < 5; i++) await t.recordRead();
  await t.sealAll();
  return chain();
}

/** Applies `attack`, checks verify's answer, and puts the original chain back. */
async function expectDetected(
  attack: SealedRow[],
  original: SealedRow[],
  expected: { seq: number | null; reason: RegExp },
): Promise<void> {
  await overwrite(attack);
  try {
    const result = await t.verify();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.brokenAt?.seq ?? null).toBe(expected.seq);
    expect(result.reason).toMatch(expected.reason);
  } finally {
    await overwrite(original);
  }
  expect((await t.verify()).ok).toBe(true);
}

const sha256: Rehash = (prevHash, row) =>
  createHash('sha256').update(prevHash).update(canonicalContent(row)).digest('hex');
const hmacWith =
  (key: ChainKey): Rehash =>
  (prevHash, row) =>
    chainHash(key, prevHash, row);

describe('an edited and re-chained trail', () => {
  it('is found when re-chained with plain SHA-256, keeping the key ids', async () => {
    const rows = await sealedChain();
    const attack = rechained(rows, 2, sha256, (row) => row.keyId);
    await expectDetected(attack, rows, { seq: 3, reason: /hash does not match/ });
  });

  it('is found when re-chained the old unkeyed way from the first row, key ids cleared', async () => {
    const rows = await chain();
    const attack = rechained(rows, 0, legacyChainHash, () => null);
    await expectDetected(attack, rows, {
      seq: 1,
      reason: new RegExp(`${rows.length} event\\(s\\) sealed without a key, 0 expected`),
    });
  });

  it('is found when re-chained under another key, named or not', async () => {
    const rows = await chain();
    const guess = chainKey(ATTACKER_KEY);
    await expectDetected(
      rechained(rows, 1, hmacWith(guess), () => guess.id),
      rows,
      { seq: 2, reason: /sealed with key [0-9a-f]{16}, which is not configured/ },
    );
    await expectDetected(
      rechained(rows, 1, hmacWith(guess), (row) => row.keyId),
      rows,
      { seq: 2, reason: /hash does not match/ },
    );
  });
});

describe('the key', () => {
  it('verifies the chain it sealed, and another key does not', async () => {
    const rows = await sealedChain();
    expect(await t.verify()).toMatchObject({ ok: true, sealed: rows.length, legacy: 0 });
    expect(await t.verify({ keys: chainKeyring(ATTACKER_KEY) })).toMatchObject({
      ok: false,
      brokenAt: { seq: 1 },
    });
  });

  it('rotates: new events are sealed with the new key, the old one is kept to verify', async () => {
    const before = await sealedChain();
    const rotated = chainKeyring('rotated-key-0123456789abcdef0123456789', [AUDIT_CHAIN_KEY]);
    const sealer = new AuditSealer({ db: t.db, log: silentLog, keys: rotated });
    for (let i = 0; i < 3; i++) await t.recordRead();
    expect(await sealer.sealPending()).toBe(3);
    const after = await chain();
    const firstRotated = after[before.length]!;
    expect(firstRotated).toMatchObject({
      keyId: rotated.current.id,
      prevHash: before.at(-1)!.hash,
    });
    expect(await t.verify({ keys: rotated })).toMatchObject({ ok: true, sealed: after.length });
    // Without the old key the events it sealed cannot be vouched for; without the new, the rest.
    expect(await t.verify({ keys: chainKeyring(rotated.current.secret.toString()) })).toMatchObject(
      { ok: false, brokenAt: { seq: 1 } },
    );
    expect(await t.verify()).toMatchObject({ ok: false, brokenAt: { seq: firstRotated.seq } });
    // A leaked old key cannot rewrite what it sealed: the new key's first link still points at
    // the old head.
    const attack = rechained(after, 1, hmacWith(chainKey(AUDIT_CHAIN_KEY)), (row) => row.keyId);
    await overwrite(attack.slice(0, before.length));
    try {
      expect(await t.verify({ keys: rotated })).toMatchObject({
        ok: false,
        brokenAt: { seq: firstRotated.seq },
        reason: "prev_hash does not match the previous row's hash",
      });
    } finally {
      await overwrite(after);
    }
    expect((await t.verify({ keys: rotated })).ok).toBe(true);
  });
});
