import { type PublicRatingView, RATING_EDIT_DAYS, type RatingView } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import { formatInstant } from '../../shared/wall-clock.js';
import type { RatingRecord } from './repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const inZone = (date: Date, timeZone: string) =>
  formatInstant(Temporal.Instant.fromEpochMilliseconds(date.getTime()), timeZone);

/** The end of a verified rating's edit window: 30 days from when it was given. */
export const editableUntil = (row: { ratedAt: Date }) =>
  new Date(row.ratedAt.getTime() + RATING_EDIT_DAYS * DAY_MS);

/** The author's and moderators' view: the comment even when hidden from the public. */
export function presentRating(row: RatingRecord): RatingView {
  return {
    id: row.id,
    doctorId: row.doctorId,
    bookingId: row.bookingId,
    source: row.source as RatingView['source'],
    stars: row.stars,
    comment: row.comment,
    commentHidden: row.commentHiddenAt !== null,
    commentHiddenAt: row.commentHiddenAt && inZone(row.commentHiddenAt, row.timeZone),
    ratedAt: inZone(row.ratedAt, row.timeZone),
    editableUntil: row.source === 'verified' ? inZone(editableUntil(row), row.timeZone) : null,
    version: row.version,
    updatedAt: inZone(row.updatedAt, row.timeZone),
  };
}

/** Anyone's view: no patient, no booking, a hidden comment as null. */
export function presentPublicRating(row: RatingRecord): PublicRatingView {
  const hidden = row.commentHiddenAt !== null;
  return {
    id: row.id,
    source: row.source as PublicRatingView['source'],
    stars: row.stars,
    comment: hidden ? null : row.comment,
    commentHidden: hidden,
    ratedAt: inZone(row.ratedAt, row.timeZone),
    edited: row.editedAt !== null,
  };
}

/** The audit event of an action on a rating: ids only, never the comment. */
export const ratingEvent = (
  action: string,
  rating: { id: string | null; patientId: string | null },
) => ({
  action,
  resourceType: 'rating',
  resourceId: rating.id,
  patientId: rating.patientId,
});
