import { and, eq, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import { instantParam as instant } from './fragments.js';
import { type BookingRow, bookings } from './schema/index.js';

// Booking occupancy: which bookings keep their time, stated once for every reader and writer
// (availability, doctor schedules, bookings) and for the exclusion constraints of migration
// 0005_booking_exclusion, whose partial indexes cover exactly OCCUPYING_STATUSES.

/** Statuses whose bookings keep their time for good. */
export const TAKEN_STATUSES = ['booked', 'checked_in', 'completed'] as const;
/** What the exclusion constraints cover: taken bookings and holds, live or not yet released. */
export const OCCUPYING_STATUSES = ['held', ...TAKEN_STATUSES] as const;

/** A hold that still keeps its slot at `now`. */
export const liveHold = (now: Date): SQL =>
  and(eq(bookings.status, 'held'), gt(bookings.holdExpiresAt, now)) as SQL;

/** A hold past its expiry at `now`, whether or not a writer has released it yet. */
export const lapsedHold = (now: Date): SQL =>
  and(eq(bookings.status, 'held'), lte(bookings.holdExpiresAt, now)) as SQL;

/** `lapsedHold` for a row already read. */
export const isLapsedHold = (row: Pick<BookingRow, 'status' | 'holdExpiresAt'>, now: Date) =>
  row.status === 'held' && row.holdExpiresAt !== null && row.holdExpiresAt <= now;

/** The booking's half-open range [start, end) meets [from, to): the constraints' test. */
export const overlapsPeriod = (from: Date, to: Date): SQL =>
  sql`tstzrange(${bookings.startAt}, ${bookings.endAt}, '[)') && tstzrange(${instant(from)}, ${instant(to)}, '[)')`;

/**
 * Bookings in one of `statuses` at `now`, a hold counting only while live. The plain status
 * test comes first so that the planner can use the constraints' partial GiST indexes.
 */
export function inStatusesAt(statuses: readonly string[], now: Date): SQL {
  const settled = statuses.filter((s) => s !== 'held');
  const held = statuses.includes('held');
  return and(
    inArray(bookings.status, [...statuses]),
    held
      ? or(settled.length ? inArray(bookings.status, settled) : undefined, liveHold(now))
      : undefined,
  ) as SQL;
}

/** Bookings that occupy their time at `now`: taken, or a live hold. */
export const occupyingAt = (now: Date): SQL => inStatusesAt(OCCUPYING_STATUSES, now);

/**
 * The status a booking has at `now`: a hold past its expiry reads as expired, even before a
 * writer releases it.
 */
export const effectiveStatusAt = <S extends string = string>(now: Date) =>
  sql<S>`case when ${bookings.status} = 'held' and ${bookings.holdExpiresAt} <= ${instant(now)} then 'expired' else ${bookings.status} end`;
