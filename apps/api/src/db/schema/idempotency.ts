import {
  char,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { accounts } from './identity.js';

// Idempotency is an HTTP facility (src/http/idempotency.ts) that any creating POST can use.

/**
 * Idempotency-Key answers for creating POSTs: a hash of the request's body with its status and
 * response, inserted in the transaction of the write it answers; a replay returns them, another
 * body is refused. Rows without a response are claims left by versions before that design.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: uuid('account_id').notNull(),
    key: varchar('key', { length: 128 }).notNull(),
    route: varchar('route', { length: 128 }).notNull(),
    requestHash: char('request_hash', { length: 64 }).notNull(),
    responseStatus: smallint('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.accountId, t.key] }),
    foreignKey({
      name: 'idempotency_keys_account_fk',
      columns: [t.accountId],
      foreignColumns: [accounts.id],
    }).onDelete('cascade'),
    index('idempotency_keys_expiry_idx').on(t.expiresAt),
  ],
);
