import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { AuditSealer, type ChainKeyring } from '../modules/audit/index.js';
import { PeriodicJob } from './periodic.js';

const SEALING_INTERVAL_MS = 1000;

/** Chains committed audit events into the hash chain about once a second. */
export function auditSealingJob(
  deps: { db: Database; log: FastifyBaseLogger; keys: ChainKeyring },
  intervalMs = SEALING_INTERVAL_MS,
): PeriodicJob {
  const sealer = new AuditSealer(deps);
  return new PeriodicJob({
    name: 'audit-sealing',
    intervalMs,
    run: (stopping) => sealer.sealBacklog(stopping),
    log: deps.log,
  });
}
