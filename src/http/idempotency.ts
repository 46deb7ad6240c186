import type { Database } from '../db/client.js';

/** Idempotency-Key handling for creating POSTs. (stub) */
export class Idempotency {
  constructor(readonly deps: { db: Database; clock: () => Date; ttlHours: number }) {}
}
