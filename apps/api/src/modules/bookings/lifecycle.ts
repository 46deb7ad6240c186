import type { BookingStatus, BookingView, Transition } from '@medsync/contracts';
import { and, gt, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { inStatusesAt } from '../../db/occupancy.js';
import { bookings } from '../../db/schema/index.js';
import { type Actor, type Identity, identityOf, type Role } from '../../shared/actor.js';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../../shared/errors.js';
import { type AuditLog, auditedWrite, deny } from '../audit/index.js';
import { type BookingRecord, bookingEvent, statusAt } from './present.js';
import { presentAt } from './queries.js';
import { BookingReadRepository } from './read-repository.js';
import { BookingWrites } from './repository.js';
import { canSeeBooking, visibleBookings } from './scope.js';

interface Rule {
  /** Who may make this change, within their scope: also the route's policy. */
  roles: readonly Role[];
  from: readonly BookingStatus[];
  to: BookingStatus;
}

/**
 * The status machine. A held booking leaves only while its hold is live: a lapsed hold counts
 * as expired. Timing: a patient cancels only before the start, a no-show is marked only from it.
 */
export const TRANSITION_RULES: Record<Transition, Rule> = {
  cancel: { roles: ['patient', 'staff'], from: ['booked', 'held'], to: 'cancelled' },
  'check-in': { roles: ['staff', 'doctor'], from: ['booked'], to: 'checked_in' },
  complete: { roles: ['doctor', 'staff'], from: ['checked_in'], to: 'completed' },
  'no-show': { roles: ['staff', 'doctor'], from: ['booked'], to: 'no_show' },
};

/** When the change may happen relative to the booking's start, if that matters. */
function timing(transition: Transition, identity: Identity): 'before-start' | 'from-start' | null {
  if (transition === 'no-show') return 'from-start';
  return transition === 'cancel' && identity.role === 'patient' ? 'before-start' : null;
}

/**
 * Status changes of a booking: cancel, check in, complete, no-show. Each is one compare-and-swap
 * UPDATE guarded by id, version, status, scope and timing, audited in its transaction; when it
 * changes nothing, the current row says why: 404, `version-conflict`, `invalid-transition`, 422.
 */
export class BookingLifecycle {
  constructor(readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}

  async change(
    actor: Actor,
    transition: Transition,
    id: string,
    version: number,
  ): Promise<BookingView> {
    const identity = identityOf(actor);
    const rule = TRANSITION_RULES[transition];
    if (!rule.roles.includes(identity.role)) {
      throw new Forbidden('forbidden', 'Your role may not perform this action');
    }
    const now = this.deps.clock();
    const attempt = bookingEvent(`booking.${transition}`, { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const guard = guardOf(transition, identity, now);
      const swapped = await new BookingWrites(tx).swapStatus(id, version, rule.to, guard);
      const row = await new BookingReadRepository(tx).get(id);
      // Set before any refusal, so the denied or failed event names whose booking it was.
      attempt.patientId = row?.patientId ?? null;
      if (!row || !canSeeBooking(identity, row)) deny(new NotFound('Booking'));
      if (!swapped) explain(transition, identity, row, version, now);
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return presentAt(row, now);
    });
  }
}

/** What the UPDATE requires besides id and version: scope, a status it leaves, timing. */
function guardOf(transition: Transition, identity: Identity, now: Date): SQL {
  const { from } = TRANSITION_RULES[transition];
  const leaves = inStatusesAt(from, now);
  const when = timing(transition, identity);
  return and(
    visibleBookings(identity),
    leaves,
    when === 'before-start' ? gt(bookings.startAt, now) : undefined,
    when === 'from-start' ? lte(bookings.startAt, now) : undefined,
  ) as SQL;
}

/** Why a visible booking did not change: the first rule its current state breaks. */
function explain(
  transition: Transition,
  identity: Identity,
  row: BookingRecord,
  version: number,
  now: Date,
): never {
  const { from, to } = TRANSITION_RULES[transition];
  if (row.version !== version) throw versionConflict(row.version);
  const current = statusAt(row, now);
  if (!from.includes(current)) {
    throw new Conflict(
      'invalid-transition',
      `A booking that is ${current} cannot become ${to} (${current} → ${to})`,
    );
  }
  const when = timing(transition, identity);
  if (when === 'from-start' && row.startAt > now) {
    throw new Unprocessable('too-early', 'A no-show can be marked from the booking’s start');
  }
  if (when === 'before-start' && row.startAt <= now) {
    throw new Unprocessable('too-late', 'You can cancel a booking until it starts');
  }
  // Changed between the UPDATE and this read: the caller's version is stale either way.
  throw versionConflict(row.version);
}

const versionConflict = (current: number) =>
  new Conflict(
    'version-conflict',
    `The booking has changed (now version ${current}); read it again and retry`,
  );
