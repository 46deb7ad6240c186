import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';

/** Creates the first admin from configuration when the network has no admin yet. */
export async function ensureBootstrapAdmin(
  _db: Database,
  _admin: Config['bootstrapAdmin'],
  _log: FastifyBaseLogger,
): Promise<void> {}
