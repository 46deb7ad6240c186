import type { Database } from '../../db/client.js';
import { chainHash, GENESIS_HASH, legacyChainHash } from './chain.js';
import type { ChainKeyring } from './keys.js';
import { AuditRepository, type SealedRow } from './repository.js';

export type VerifyResult =
  | { ok: true; sealed: number; unsealed: number; legacy: number }
  | { ok: false; brokenAt: { seq: number; id: string } | null; reason: string };

const BATCH_SIZE = 1000;

export interface VerifyOptions {
  keys: ChainKeyring;
  /**
   * How many events the operator knows were sealed unkeyed, before the upgrade that keyed the
   * chain (a number kept outside the database; default 0). Anyone able to write the table could
   * re-chain every row the unkeyed way, so any other count fails verification.
   */
  legacyEvents?: number;
  batchSize?: number;
}

interface Position {
  seq: number;
  hash: string;
  /** A keyed row was seen: every later row must be keyed too. */
  keyed: boolean;
}

/** Why `row` does not continue the chain after `previous`, or null when it does. */
export function breakIn(previous: Position, row: SealedRow, keys: ChainKeyring): string | null {
  if (row.seq !== previous.seq + 1) {
    const missing = row.seq - previous.seq - 1;
    return `seq ${row.seq} follows seq ${previous.seq}: ${missing} sealed row(s) missing`;
  }
  if (row.prevHash !== previous.hash) return "prev_hash does not match the previous row's hash";
  if (row.keyId === null) {
    if (previous.keyed) return 'sealed without a key after keyed rows';
    return row.hash === legacyChainHash(previous.hash, row)
      ? null
      : "hash does not match the row's content";
  }
  const key = keys.find(row.keyId);
  if (!key) {
    return `sealed with key ${row.keyId}, which is not configured (AUDIT_CHAIN_KEY, AUDIT_CHAIN_PREVIOUS_KEYS)`;
  }
  return row.hash === chainHash(key, previous.hash, row)
    ? null
    : "hash does not match the row's content";
}

/**
 * Walks the sealed rows by seq, recomputing every HMAC with the configured keys, and reports the
 * first row that does not follow from the one before. Reads only, in one snapshot, so a running
 * sealer cannot skew it. Rows sealed unkeyed (before migration 0007) can only open the chain and
 * must number exactly `legacyEvents`. It cannot see rows cut from the end of the chain: compare
 * the head with a copy kept elsewhere.
 */
export async function verifyChain(
  db: Database,
  { keys, legacyEvents = 0, batchSize = BATCH_SIZE }: VerifyOptions,
): Promise<VerifyResult> {
  return db.transaction(
    async (tx) => {
      const repo = new AuditRepository(tx);
      let previous: Position = { seq: 0, hash: GENESIS_HASH, keyed: false };
      let legacy: { count: number; first: { seq: number; id: string } | null } = {
        count: 0,
        first: null,
      };
      for (;;) {
        const rows = await repo.sealedAfter(previous.seq, batchSize);
        for (const row of rows) {
          const reason = breakIn(previous, row, keys);
          if (reason) return { ok: false, brokenAt: { seq: row.seq, id: row.id }, reason };
          if (row.keyId === null) {
            legacy = {
              count: legacy.count + 1,
              first: legacy.first ?? { seq: row.seq, id: row.id },
            };
          }
          previous = { seq: row.seq, hash: row.hash!, keyed: row.keyId !== null };
        }
        if (rows.length < batchSize) break;
      }
      if (legacy.count !== legacyEvents) {
        return {
          ok: false,
          brokenAt: legacy.first,
          reason:
            `${legacy.count} event(s) sealed without a key, ${legacyEvents} expected: ` +
            'an unkeyed chain can be recomputed by anyone who can write the table',
        };
      }
      return {
        ok: true,
        sealed: previous.seq,
        unsealed: await repo.countUnsealed(),
        legacy: legacy.count,
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
