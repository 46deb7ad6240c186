import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';

export class AuditSealer {
  constructor(readonly deps: { db: Database; log: FastifyBaseLogger; intervalMs?: number }) {}
  start(): void {}
  async stop(): Promise<void> {}
}
