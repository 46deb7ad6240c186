import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { ChainKeyring } from '../modules/audit/index.js';
import { auditSealingJob } from './audit-sealing.js';

// Background jobs: run by the worker (`src/worker.ts`), and by the API itself unless
// JOBS_IN_PROCESS=false. A new job is one file here, wiring a module's service to a timer.

export interface RunningJobs {
  names: string[];
  /** Stops every job and waits for passes in progress. */
  stop(): Promise<void>;
}

/** Starts every background job. */
export function startJobs(deps: {
  db: Database;
  log: FastifyBaseLogger;
  keys: ChainKeyring;
}): RunningJobs {
  const jobs = [auditSealingJob(deps)];
  for (const job of jobs) job.start();
  return {
    names: jobs.map((job) => job.name),
    stop: async () => {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}
