import { createHash, createHmac } from 'node:crypto';

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
  correlationId: string | null;
}

/** A key the chain is sealed with: the secret, and the public id each sealed row records. */
export interface ChainKey {
  readonly id: string;
  readonly secret: Buffer;
}

/**
 * A key's id: 16 hex characters of an HMAC of a fixed label, so that it names the key without
 * revealing it. Each sealed row stores the id of its key, so that verify can pick the right one.
 */
export function chainKey(secret: string): ChainKey {
  const bytes = Buffer.from(secret, 'utf8');
  const id = createHmac('sha256', bytes).update('medsync audit chain key id').digest('hex');
  return { id: id.slice(0, 16), secret: bytes };
}

const legacyColumns = (row: SealedContent) => [
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
];

/**
 * A JSON array in a fixed column order: quoting and escaping make it unambiguous (no value can
 * imitate a separator), and `null` stays distinct from `"null"` and from the empty string.
 */
export function canonicalContent(row: SealedContent): string {
  return JSON.stringify([...legacyColumns(row), row.correlationId]);
}

/**
 * HMAC-SHA-256 hex, under `key`, of the previous row's hash (always 64 hex characters) followed
 * by this row's content. Without the key nobody can recompute a chain after editing a row.
 */
export function chainHash(key: ChainKey, prevHash: string, row: SealedContent): string {
  return createHmac('sha256', key.secret)
    .update(prevHash)
    .update(canonicalContent(row))
    .digest('hex');
}

/**
 * The unkeyed rule rows were sealed with before the chain was keyed (migration 0007): SHA-256
 * of the previous hash and the content without the correlation id. Verify only, never sealing.
 */
export function legacyChainHash(prevHash: string, row: SealedContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(JSON.stringify(legacyColumns(row)))
    .digest('hex');
}
