import type { BookingView } from '@medsync/contracts';
import { and, desc, eq, getTableColumns, gt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { effectiveStatusAt, inStatusesAt } from '../../db/occupancy.js';
import { bookings, diagnosticLocations, locations } from '../../db/schema/index.js';
import type { Identity } from '../../shared/actor.js';
import { presentAt } from './queries.js';
import { lockKey } from './repository.js';
import { visibleBookings } from './scope.js';

// What the patient's record and the erasure of an account need from bookings: the record's
// booking section in one query, and the cancellation of every future booking in one statement.

/**
 * A patient's bookings in the caller's scope, latest start first, expired holds left out: at
 * most `limit`, `truncated` when there were more. One query, however long the history.
 */
export async function bookingsForRecord(
  db: Executor,
  identity: Identity,
  patientId: string,
  now: Date,
  limit: number,
): Promise<{ items: BookingView[]; truncated: boolean }> {
  const rows = await db
    .select({
      ...getTableColumns(bookings),
      timeZone: locations.timeZone,
      diagnosticId: diagnosticLocations.diagnosticId,
    })
    .from(bookings)
    .innerJoin(locations, eq(locations.id, bookings.locationId))
    .leftJoin(diagnosticLocations, eq(diagnosticLocations.id, bookings.diagnosticLocationId))
    .where(
      and(
        eq(bookings.patientId, patientId),
        visibleBookings(identity),
        ne(effectiveStatusAt(now), 'expired'),
      ),
    )
    .orderBy(desc(bookings.startAt), desc(bookings.id))
    .limit(limit + 1);
  return {
    items: rows.slice(0, limit).map((row) => presentAt(row, now)),
    truncated: rows.length > limit,
  };
}

/**
 * Cancels every booking and live hold of the patient that starts after `now` (the slots free at
 * once), under the patient's booking lock so that no booking of theirs commits meanwhile; the
 * caller's transaction audits it. Returns how many were cancelled.
 */
export async function cancelFutureBookingsOf(
  tx: Executor,
  patientId: string,
  now: Date,
): Promise<number> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${lockKey({ patientId })}::text, 0))`,
  );
  const cancelled = await tx
    .update(bookings)
    .set({ status: 'cancelled', holdExpiresAt: null, version: sql`${bookings.version} + 1` })
    .where(
      and(
        eq(bookings.patientId, patientId),
        gt(bookings.startAt, now),
        inStatusesAt(['held', 'booked'], now),
      ),
    )
    .returning({ id: bookings.id });
  return cancelled.length;
}
