import { createHash } from 'node:crypto';

// The tamper-evidence rule shared by the sealer (which writes it) and verify (which checks it).
// Changing anything here breaks every chain already sealed: treat it like a migration.

/** `prev_hash` of the first sealed row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns a seal covers: everything an event says, nothing the seal itself adds. */
export interface SealedContent {
  id: string;
  /** UTC, microseconds, as PostgreSQL stores it: `2025-01-31T09:15:00.123456Z`. */
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
}

/**
 * A JSON array in a fixed column order: quoting and escaping make it unambiguous (no value can
 * imitate a separator), and `null` stays distinct from `"null"` and from the empty string.
 */
export function canonicalContent(row: SealedContent): string {
  return JSON.stringify([
    row.id,
    row.occurredAt,
    row.actorId,
    row.actorRole,
    row.action,
    row.resourceType,
    row.resourceId,
    row.patientId,
    row.outcome,
    row.ip,
    row.requestId,
  ]);
}

/** SHA-256 hex of the previous row's hash (always 64 hex characters) followed by this row's content. */
export function chainHash(prevHash: string, row: SealedContent): string {
  return createHash('sha256').update(prevHash).update(canonicalContent(row)).digest('hex');
}
