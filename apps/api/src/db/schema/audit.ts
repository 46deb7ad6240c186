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
 * Append-only (a trigger refuses UPDATE and DELETE, except sealing). Rows are written unsealed
 * inside the audited transaction; a sealer later gives them `seq` and chains `hash` to the
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
    requestId: varchar('request_id', { length: 128 }),
    seq: bigint('seq', { mode: 'number' }),
    prevHash: char('prev_hash', { length: 64 }),
    hash: char('hash', { length: 64 }),
  },
  (t) => [
    uniqueIndex('audit_events_seq_key').on(t.seq),
    index('audit_events_patient_idx').on(t.patientId, t.occurredAt),
    index('audit_events_unsealed_idx').on(t.occurredAt).where(sql`${t.seq} IS NULL`),
    check('audit_events_outcome_check', sql`${t.outcome} IN ('success', 'denied', 'failure')`),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
