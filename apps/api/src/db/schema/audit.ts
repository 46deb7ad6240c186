import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  index,
  pgTable,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { id } from './columns.js';

/**
 * Append-only (a trigger refuses UPDATE and DELETE, except sealing; the runtime role may update
 * the seal columns only). Rows are written unsealed inside the audited transaction; a sealer
 * later gives them `seq` and chains `hash` (an HMAC with a key outside the database) to the
 * previous row's, so writers never wait on one lock. patient_id has no foreign key on purpose:
 * the trail outlives what it describes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: varchar('actor_role', { length: 16 }),
    action: varchar('action', { length: 64 }).notNull(),
    resourceType: varchar('resource_type', { length: 64 }).notNull(),
    resourceId: varchar('resource_id', { length: 64 }),
    patientId: uuid('patient_id'),
    outcome: varchar('outcome', { length: 16 }).notNull(),
    ip: varchar('ip', { length: 64 }),
    /** The server's id of the request (a UUID); the client's own id is `correlationId`. */
    requestId: varchar('request_id', { length: 128 }),
    /** The client's `x-request-id`, if it sent a printable one of at most 128 characters. */
    correlationId: varchar('correlation_id', { length: 128 }),
    seq: bigint('seq', { mode: 'number' }),
    prevHash: char('prev_hash', { length: 64 }),
    hash: char('hash', { length: 64 }),
    /** Which key's HMAC `hash` is (`chainKeyId`); null: sealed unkeyed, before keys existed. */
    keyId: varchar('key_id', { length: 16 }),
  },
  (t) => [
    uniqueIndex('audit_events_seq_key').on(t.seq),
    index('audit_events_patient_idx').on(t.patientId, t.occurredAt),
    index('audit_events_unsealed_idx').on(t.occurredAt).where(sql`${t.seq} IS NULL`),
    check('audit_events_outcome_check', sql`${t.outcome} IN ('success', 'denied', 'failure')`),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
