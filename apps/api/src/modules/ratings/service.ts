import type {
  CreateRatingInput,
  ListRatingsInput,
  PublicRatingView,
  RatingView,
  UpdateRatingInput,
} from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { type AuditLog, auditedWrite, deny } from '../audit/index.js';
import { editableUntil, presentPublicRating, presentRating, ratingEvent } from './present.js';
import { RatingRepository } from './repository.js';

/** The public list's only order: newest first. Its cursor value is an instant in UTC. */
const NEWEST = 'newest';
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface RatingDeps {
  db: Database;
  audit: AuditLog;
  clock: () => Date;
}

/**
 * Patients' ratings of doctors: one per completed doctor booking of their own, editable by its
 * author for 30 days; staff of the visit's location hide or show its comment. Every write moves
 * the doctor's aggregate by the difference it makes, in the same transaction.
 */
export class RatingService {
  constructor(private readonly deps: RatingDeps) {}

  async create(actor: Actor, bookingId: string, input: CreateRatingInput): Promise<RatingView> {
    const identity = identityOf(actor);
    const now = this.deps.clock();
    const attempt = ratingEvent('rating.create', { id: null, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new RatingRepository(tx);
      const booking = await repo.booking(bookingId);
      attempt.patientId = booking?.patientId ?? null;
      if (!booking || booking.patientId !== identity.patientId) deny(new NotFound('Booking'));
      if (booking.doctorId === null) {
        throw new Unprocessable('not-a-doctor-visit', 'Only a visit to a doctor can be rated');
      }
      if (booking.status !== 'completed') {
        throw new Unprocessable('visit-not-completed', 'A visit can be rated once it is completed');
      }
      const row = await repo
        .insert({
          doctorId: booking.doctorId,
          locationId: booking.locationId,
          source: 'verified',
          bookingId: booking.id,
          patientId: booking.patientId,
          stars: input.stars,
          comment: input.comment ?? null,
          ratedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .catch((err: unknown) =>
          rethrowConstraint(err, {
            doctor_ratings_booking_key: () =>
              new Conflict(
                'already-rated',
                'This visit has been rated already; change that rating',
              ),
          }),
        );
      const created = presentRating((await repo.get(row.id))!);
      await this.deps.audit.record(tx, actor, {
        ...attempt,
        resourceId: row.id,
        outcome: 'success',
      });
      // Last: the doctor's row stays locked until COMMIT, so concurrent raters wait least.
      await repo.addToAggregate(row.doctorId, 'verified', { sum: row.stars, count: 1 });
      return created;
    });
  }

  /** The author changes stars and/or comment within the edit window; `version` must be current. */
  async update(actor: Actor, id: string, input: UpdateRatingInput): Promise<RatingView> {
    const identity = identityOf(actor);
    const now = this.deps.clock();
    const attempt = ratingEvent('rating.update', { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new RatingRepository(tx);
      const row = await repo.get(id, true);
      attempt.patientId = row?.patientId ?? null;
      if (!row || row.patientId === null || row.patientId !== identity.patientId) {
        deny(new NotFound('Rating'));
      }
      if (row.version !== input.version) {
        throw new Conflict(
          'version-conflict',
          `The rating has changed (now version ${row.version}); read it again and retry`,
        );
      }
      if (now >= editableUntil(row)) {
        throw new Unprocessable(
          'edit-window-closed',
          'A rating can be changed for 30 days after it was given',
        );
      }
      const stars = input.stars ?? row.stars;
      await repo.update(id, {
        stars,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        editedAt: now,
        updatedAt: now,
      });
      const updated = presentRating((await repo.get(id))!);
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      if (stars !== row.stars) {
        await repo.addToAggregate(row.doctorId, 'verified', { sum: stars - row.stars, count: 0 });
      }
      return updated;
    });
  }

  /**
   * Staff of the rating's location hide its comment from the public list (or show it again);
   * the stars still count. Idempotent: hiding a hidden comment keeps who hid it and when.
   */
  async setCommentHidden(actor: Actor, id: string, hidden: boolean): Promise<RatingView> {
    const identity = identityOf(actor);
    const now = this.deps.clock();
    const attempt = ratingEvent(hidden ? 'rating.hide' : 'rating.unhide', { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new RatingRepository(tx);
      const row = await repo.get(id, true);
      attempt.patientId = row?.patientId ?? null;
      if (!row || identity.role !== 'staff' || !identity.locationIds.includes(row.locationId)) {
        deny(new NotFound('Rating'));
      }
      if ((row.commentHiddenAt !== null) !== hidden) {
        await repo.update(id, {
          commentHiddenAt: hidden ? now : null,
          commentHiddenBy: hidden ? identity.accountId : null,
          updatedAt: now,
        });
      }
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return presentRating((await repo.get(id))!);
    });
  }

  /**
   * The rating of a booking, comment included even when hidden: for the booking's patient and
   * staff of its location. A booking outside that scope is a 404 like a missing one, audited.
   */
  async ofBooking(actor: Actor, bookingId: string): Promise<RatingView> {
    const identity = identityOf(actor);
    const { db, audit } = this.deps;
    const repo = new RatingRepository(db);
    const found = await repo.ofBooking(bookingId);
    const visible =
      found !== null &&
      (identity.role === 'patient'
        ? found.patientId === identity.patientId
        : identity.role === 'staff' && identity.locationIds.includes(found.locationId));
    const rating = visible && found.ratingId ? await repo.get(found.ratingId) : null;
    await audit.record(db, actor, {
      ...ratingEvent('rating.read', {
        id: rating?.id ?? null,
        patientId: found?.patientId ?? null,
      }),
      outcome: visible ? 'success' : 'denied',
    });
    if (!visible) throw new NotFound('Booking');
    if (!rating) throw new NotFound('Rating');
    return presentRating(rating);
  }

  /** A doctor's ratings for anyone: newest first, anonymous, hidden comments as null. */
  async listOfDoctor(
    doctorId: string,
    query: ListRatingsInput,
  ): Promise<{ items: PublicRatingView[]; nextCursor: string | null }> {
    const position = decodeCursor(query.cursor, NEWEST, UTC_INSTANT);
    const repo = new RatingRepository(this.deps.db);
    const rows = await repo.listOfDoctor(doctorId, query.limit, position);
    // An unknown doctor is a 404 rather than an empty list; asked only when there is nothing.
    if (rows.length === 0 && !(await repo.doctorExists(doctorId))) throw new NotFound('Doctor');
    return toPage(rows, query.limit, NEWEST, (r) => r.ratedAt.toISOString(), presentPublicRating);
  }

  /**
   * For account erasure, inside its transaction: removes the comments of the patient's ratings
   * (the stars stay, and so do the aggregates). Returns how many comments were removed.
   */
  eraseCommentsOf(tx: Executor, patientId: string): Promise<number> {
    return new RatingRepository(tx).eraseCommentsOf(patientId);
  }
}
