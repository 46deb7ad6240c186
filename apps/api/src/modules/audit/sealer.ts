import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { pgError } from '../../db/errors.js';
import { type ChainKey, chainHash, GENESIS_HASH, type SealedContent } from './chain.js';
import type { ChainKeyring } from './keys.js';
import { AuditRepository, type ChainLink } from './repository.js';

/** Advisory lock key shared by every sealer on a database: "audit" in ASCII. */
export const SEALER_LOCK = 0x6175646974;
const BATCH_SIZE = 1000;

/** Assigns the next seqs and `key`'s hashes to `rows`, continuing the chain after `last`. */
export function linkAfter(
  key: ChainKey,
  last: { seq: number; hash: string } | null,
  rows: SealedContent[],
): ChainLink[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return rows.map((row) => {
    const hash = chainHash(key, prevHash, row);
    const link = { id: row.id, seq: ++seq, prevHash, hash, keyId: key.id };
    prevHash = hash;
    return link;
  });
}

/** What a failed pass may log: codes and names, never a query's parameters. */
function describeFailure(err: unknown): { error: string; code: string | null } {
  return { error: err instanceof Error ? err.name : typeof err, code: pgError(err)?.code ?? null };
}

/**
 * Chains committed audit events into the hash chain, so that writers never wait on a shared
 * lock: they insert unsealed rows, and one sealer at a time (an advisory lock across instances)
 * gives them consecutive seqs. The chain's order is sealing order, which is what verify checks.
 */
export class AuditSealer {
  constructor(
    readonly deps: {
      db: Database;
      log: FastifyBaseLogger;
      /** Seals with `keys.current`; a key rotation continues the chain under the new key. */
      keys: ChainKeyring;
      batchSize?: number;
    },
  ) {}

  /**
   * Seals the oldest pending events (one batch); returns how many. Returns 0 without waiting
   * when another sealer holds the lock: it is sealing the same rows.
   */
  async sealPending(): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const repo = new AuditRepository(tx);
      if (!(await repo.tryLock(SEALER_LOCK))) return 0;
      const rows = await repo.unsealed(this.deps.batchSize ?? BATCH_SIZE);
      if (rows.length === 0) return 0;
      const links = linkAfter(this.deps.keys.current, await repo.lastSealed(), rows);
      const sealed = await repo.seal(links);
      // Under the lock nobody else seals, so a shortfall means the table changed underneath.
      if (sealed !== links.length) throw new Error(`sealed ${sealed} of ${links.length} rows`);
      return sealed;
    });
  }

  /**
   * Drains the backlog batch by batch, until it is empty or `stopping` aborts; failures are
   * logged, never thrown. The audit-sealing job (`src/jobs/`) runs this about once a second.
   */
  async sealBacklog(stopping?: AbortSignal): Promise<void> {
    const batchSize = this.deps.batchSize ?? BATCH_SIZE;
    let total = 0;
    try {
      for (let sealed = batchSize; sealed === batchSize && !stopping?.aborted; ) {
        sealed = await this.sealPending();
        total += sealed;
      }
      if (total > 0) this.deps.log.debug({ sealed: total }, 'audit events sealed');
    } catch (err) {
      this.deps.log.error({ sealed: total, ...describeFailure(err) }, 'audit sealing failed');
    }
  }
}
