import { and, asc, desc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { utcInstantText } from '../../db/fragments.js';
import { auditEvents } from '../../db/schema/index.js';
import type { SealedContent } from './chain.js';

/**
 * occurred_at as PostgreSQL stores it (microseconds, UTC), formatted by the database: a JS Date
 * keeps milliseconds only, and the session time zone must not change what gets hashed.
 */
const occurredAtText = utcInstantText(auditEvents.occurredAt);

/** Matches `occurredAtText`: the form a cursor may carry back. */
export const OCCURRED_AT_TEXT =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;

const content = {
  id: auditEvents.id,
  occurredAt: occurredAtText,
  actorId: auditEvents.actorId,
  actorRole: auditEvents.actorRole,
  action: auditEvents.action,
  resourceType: auditEvents.resourceType,
  resourceId: auditEvents.resourceId,
  patientId: auditEvents.patientId,
  outcome: auditEvents.outcome,
  ip: auditEvents.ip,
  requestId: auditEvents.requestId,
  correlationId: auditEvents.correlationId,
};

/** One sealed row as verify reads it back. */
export interface SealedRow extends SealedContent {
  seq: number;
  prevHash: string | null;
  hash: string | null;
  /** null: sealed unkeyed, before the chain was keyed. */
  keyId: string | null;
}

export interface ChainLink {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
  keyId: string;
}

export interface AccessLogRow {
  id: string;
  occurredAt: Date;
  occurredAtText: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
}

/** Rows strictly older than the cursor; `occurred_at <=` keeps the patient index usable. */
function olderThan(position: { occurredAt: string; id: string }): SQL | undefined {
  const at = sql`${position.occurredAt}::timestamptz`;
  return and(
    lte(auditEvents.occurredAt, at),
    or(lt(auditEvents.occurredAt, at), lt(auditEvents.id, sql`${position.id}::uuid`)),
  );
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  /** Transaction-scoped: released at commit or rollback. False when another sealer holds it. */
  async tryLock(key: number): Promise<boolean> {
    const [row] = await this.db
      .select({ locked: sql<boolean>`locked` })
      .from(sql`(select pg_try_advisory_xact_lock(${key}) as locked) as sealer_lock`);
    return row?.locked === true;
  }

  async lastSealed(): Promise<{ seq: number; hash: string } | null> {
    const [row] = await this.db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.seq))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    return row?.seq != null && row.hash != null ? { seq: row.seq, hash: row.hash } : null;
  }

  /** The oldest committed unsealed rows, in the order they will be chained. */
  unsealed(limit: number): Promise<SealedContent[]> {
    return this.db
      .select(content)
      .from(auditEvents)
      .where(isNull(auditEvents.seq))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
      .limit(limit);
  }

  /**
   * One statement for the whole batch; returns how many rows it sealed. It sets the seal columns
   * only: all the runtime role may update, once per row (the append-only trigger).
   */
  async seal(links: ChainLink[]): Promise<number> {
    if (links.length === 0) return 0;
    const values = sql.join(
      links.map(
        (l) => sql`(${l.id}::uuid, ${l.seq}::bigint, ${l.prevHash}, ${l.hash}, ${l.keyId})`,
      ),
      sql`, `,
    );
    const sealed = await this.db
      .update(auditEvents)
      .set({
        seq: sql`link.seq`,
        prevHash: sql`link.prev_hash`,
        hash: sql`link.hash`,
        keyId: sql`link.key_id`,
      })
      .from(sql`(values ${values}) as link(id, seq, prev_hash, hash, key_id)`)
      .where(and(eq(auditEvents.id, sql`link.id`), isNull(auditEvents.seq)))
      .returning({ id: auditEvents.id });
    return sealed.length;
  }

  sealedAfter(seq: number, limit: number): Promise<SealedRow[]> {
    return this.db
      .select({
        ...content,
        seq: sql<number>`${auditEvents.seq}`.mapWith(Number),
        prevHash: auditEvents.prevHash,
        hash: auditEvents.hash,
        keyId: auditEvents.keyId,
      })
      .from(auditEvents)
      .where(gt(auditEvents.seq, seq))
      .orderBy(asc(auditEvents.seq))
      .limit(limit);
  }

  async countUnsealed(): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(auditEvents)
      .where(isNull(auditEvents.seq));
    return row?.count ?? 0;
  }

  /** Newest first, `limit + 1` rows so that the caller knows whether a next page exists. */
  forPatient(
    patientId: string,
    position: { occurredAt: string; id: string } | null,
    limit: number,
  ): Promise<AccessLogRow[]> {
    return this.db
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        occurredAtText,
        actorId: auditEvents.actorId,
        actorRole: auditEvents.actorRole,
        action: auditEvents.action,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
        outcome: auditEvents.outcome,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, patientId), position ? olderThan(position) : undefined))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(limit + 1);
  }
}
