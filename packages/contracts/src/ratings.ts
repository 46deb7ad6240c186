import { type Static, Type } from 'typebox';
import { Count, Instant, Int32, Nullable, Uuid, Version } from './common.js';
import { Cursor, Limit, Page } from './pagination.js';

// Doctor ratings: a patient's 1–5 stars and optional comment for their own completed visit, and
// ratings imported from a previous system.

export const RATING_EDIT_DAYS = 30;
export const MAX_IMPORTED_RATINGS = 1000;

export const Stars = Int32(1, 5, { description: 'Stars, 1 (worst) to 5 (best)' });
export const RatingComment = Type.String({ minLength: 1, maxLength: 2000 });
const RatingSource = Type.Enum(['verified', 'imported'], {
  description:
    '`verified`: a patient’s, for a completed visit; `imported`: from a previous system, unverified',
});

/** The author's and the moderators' view of a rating: the comment even when hidden. */
export const Rating = Type.Object(
  {
    id: Uuid,
    doctorId: Uuid,
    bookingId: Nullable(Uuid),
    source: RatingSource,
    stars: Stars,
    comment: Nullable(RatingComment),
    commentHidden: Type.Boolean({ description: 'Staff hid the comment from the public list' }),
    commentHiddenAt: Nullable(Instant),
    ratedAt: Instant,
    editableUntil: Nullable({
      ...Instant,
      description: 'Until when its author may change it; null for an imported rating',
    }),
    version: Version,
    updatedAt: Instant,
  },
  { title: 'Rating' },
);

/** A rating as anyone may see it: anonymous, a hidden comment as null. */
export const PublicRating = Type.Object(
  {
    id: Uuid,
    source: RatingSource,
    stars: Stars,
    comment: Nullable({ ...RatingComment, description: 'Null when none, or hidden by staff' }),
    commentHidden: Type.Boolean(),
    ratedAt: Instant,
    edited: Type.Boolean({ description: 'Its author changed it after rating' }),
  },
  { title: 'PublicRating' },
);
export const PublicRatingPage = Page(PublicRating);

export const ListRatingsQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const CreateRatingBody = Type.Object(
  { stars: Stars, comment: Type.Optional(Nullable(RatingComment)) },
  { additionalProperties: false, title: 'CreateRating' },
);

export const UpdateRatingBody = Type.Object(
  {
    version: Version,
    stars: Type.Optional(Stars),
    comment: Type.Optional(Nullable(RatingComment)),
  },
  { additionalProperties: false, minProperties: 2, title: 'UpdateRating' },
);

export const ImportedRating = Type.Object(
  {
    doctorId: Uuid,
    // Unbounded here on purpose: an out-of-range value is refused as that item, not the batch.
    stars: Int32(-2_147_483_648, 2_147_483_647, { description: '1–5; others are refused' }),
    comment: Type.Optional(Nullable(RatingComment)),
    ratedAt: Instant,
    externalId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'The previous system’s id: an item whose id was imported before is skipped',
      }),
    ),
  },
  { additionalProperties: false, title: 'ImportedRating' },
);

export const ImportRatingsBody = Type.Object(
  { items: Type.Array(ImportedRating, { minItems: 1, maxItems: MAX_IMPORTED_RATINGS }) },
  { additionalProperties: false, title: 'ImportRatings' },
);

const ItemIndex = Int32(0, MAX_IMPORTED_RATINGS - 1, { description: 'Index in `items`' });
const ExternalId = Nullable(Type.String({ maxLength: 128 }));

export const RatingImportReport = Type.Object(
  {
    received: Count('Items in the batch'),
    accepted: Type.Array(
      Type.Object({ index: ItemIndex, externalId: ExternalId, ratingId: Uuid }),
      {
        maxItems: MAX_IMPORTED_RATINGS,
        description: 'Imported now',
      },
    ),
    alreadyImported: Type.Array(
      Type.Object({
        index: ItemIndex,
        externalId: Type.String({ maxLength: 128 }),
        ratingId: Uuid,
      }),
      {
        maxItems: MAX_IMPORTED_RATINGS,
        description: 'Skipped: their externalId was imported before',
      },
    ),
    refused: Type.Array(
      Type.Object({
        index: ItemIndex,
        externalId: ExternalId,
        reason: Type.Enum([
          'unknown-doctor',
          'stars-out-of-range',
          'rated-in-future',
          'duplicate-external-id',
        ]),
        message: Type.String({ maxLength: 200 }),
      }),
      { maxItems: MAX_IMPORTED_RATINGS, description: 'Not imported, with the reason' },
    ),
  },
  { title: 'RatingImportReport' },
);

export type ListRatingsInput = Static<typeof ListRatingsQuery>;
export type RatingView = Static<typeof Rating>;
export type PublicRatingView = Static<typeof PublicRating>;
export type CreateRatingInput = Static<typeof CreateRatingBody>;
export type UpdateRatingInput = Static<typeof UpdateRatingBody>;
export type ImportedRatingInput = Static<typeof ImportedRating>;
export type ImportRatingsInput = Static<typeof ImportRatingsBody>;
export type RatingImportReportView = Static<typeof RatingImportReport>;
