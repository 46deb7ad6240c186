import type { Database } from '../../db/client.js';

export class LocationService {
  constructor(readonly deps: { db: Database }) {}
}
