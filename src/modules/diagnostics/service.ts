import type { Database } from '../../db/client.js';

export class DiagnosticService {
  constructor(readonly deps: { db: Database }) {}
}
