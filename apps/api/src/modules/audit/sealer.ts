import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { pgError } from '../../db/errors.js';
import { chainHash, GENESIS_HASH, type SealedContent } from './chain.js';
import { AuditRepository, type ChainLink } from './repository.js';

/** Advisory lock key shared by every sealer on a database: "audit" in ASCII. */
export const SEALER_LOCK = 0x6175646974;
const BATCH_SIZE = 1000;
const DEFAULT_INTERVAL_MS = 1000;

/** Assigns the next seqs and hashes to `rows`, continuing the chain after `last`. */
export function linkAfter(
  last: { seq: number; hash: string } | null,
  rows: SealedContent[],
): ChainLink[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return rows.map((row) => {
    const hash = chainHash(prevHash, row);
    const link = { id: row.id, seq: ++seq, prevHash, hash };
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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    readonly deps: {
      db: Database;
      log: FastifyBaseLogger;
      intervalMs?: number;
      batchSize?: number;
    },
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for a pass in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

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
      const links = linkAfter(await repo.lastSealed(), rows);
      const sealed = await repo.seal(links);
      // Under the lock nobody else seals, so a shortfall means the table changed underneath.
      if (sealed !== links.length) throw new Error(`sealed ${sealed} of ${links.length} rows`);
      return sealed;
    });
  }

  // A timeout chain rather than setInterval: a slow pass delays the next instead of overlapping.
  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.deps.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
  }

  /** One timed pass: drains the backlog batch by batch; failures are logged, never thrown. */
  private async pass(): Promise<void> {
    const batchSize = this.deps.batchSize ?? BATCH_SIZE;
    let total = 0;
    try {
      for (let sealed = batchSize; sealed === batchSize && !this.stopped; ) {
        sealed = await this.sealPending();
        total += sealed;
      }
      if (total > 0) this.deps.log.debug({ sealed: total }, 'audit events sealed');
    } catch (err) {
      this.deps.log.error({ sealed: total, ...describeFailure(err) }, 'audit sealing failed');
    }
  }
}
