import type { Database } from '../../db/client.js';

export class DiagnosticLocationService {
  constructor(readonly deps: { db: Database }) {}
}
