import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { createAdmin } from './admins.js';
import { CredentialRepository } from './repository.js';

/**
 * Creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when the network has no admin
 * yet; otherwise does nothing. A weak ADMIN_PASSWORD stops the start with a message naming it.
 */
export async function ensureBootstrapAdmin(
  db: Database,
  admin: Config['bootstrapAdmin'],
  log: FastifyBaseLogger,
): Promise<void> {
  if (!admin) return;
  // Checked before hashing: on every start after the first there is nothing to do.
  if (await new CredentialRepository(db).findAdmin()) return;
  const created = await createAdmin(db, admin, {
    origin: 'startup',
    sources: { email: 'ADMIN_EMAIL', password: 'ADMIN_PASSWORD' },
    onlyIfNoAdmin: true,
  });
  if (created) log.info({ accountId: created.id }, 'bootstrap admin created');
}
