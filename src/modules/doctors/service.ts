import type { Database } from '../../db/client.js';

export class DoctorService {
  constructor(readonly deps: { db: Database }) {}
}
