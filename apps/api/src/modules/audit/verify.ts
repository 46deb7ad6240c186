import type { Database } from '../../db/client.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { AuditRepository, type SealedRow } from './repository.js';

export type VerifyResult =
  | { ok: true; sealed: number; unsealed: number }
  | { ok: false; brokenAt: { seq: number; id: string }; reason: string };

const BATCH_SIZE = 1000;

/** Why `row` does not continue the chain after `previous`, or null when it does. */
export function breakIn(previous: { seq: number; hash: string }, row: SealedRow): string | null {
  if (row.seq !== previous.seq + 1) {
    const missing = row.seq - previous.seq - 1;
    return `seq ${row.seq} follows seq ${previous.seq}: ${missing} sealed row(s) missing`;
  }
  if (row.prevHash !== previous.hash) return "prev_hash does not match the previous row's hash";
  if (row.hash !== chainHash(previous.hash, row)) return "hash does not match the row's content";
  return null;
}

/**
 * Walks the sealed rows by seq, recomputing every hash, and reports the first row that does not
 * follow from the one before. Reads only, in one snapshot, so a running sealer cannot skew it.
 * It cannot see rows cut from the end of the chain: compare the head with a copy kept elsewhere.
 */
export async function verifyChain(
  db: Database,
  { batchSize = BATCH_SIZE }: { batchSize?: number } = {},
): Promise<VerifyResult> {
  return db.transaction(
    async (tx) => {
      const repo = new AuditRepository(tx);
      let previous = { seq: 0, hash: GENESIS_HASH };
      for (;;) {
        const rows = await repo.sealedAfter(previous.seq, batchSize);
        for (const row of rows) {
          const reason = breakIn(previous, row);
          if (reason) return { ok: false, brokenAt: { seq: row.seq, id: row.id }, reason };
          previous = { seq: row.seq, hash: row.hash! };
        }
        if (rows.length < batchSize) break;
      }
      return { ok: true, sealed: previous.seq, unsealed: await repo.countUnsealed() };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
