import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateRatingBody,
  IdParams,
  ImportRatingsBody,
  ListRatingsQuery,
  PublicRatingPage,
  Rating,
  RatingImportReport,
  UpdateRatingBody,
} from '@medsync/contracts';
import { AdminOnly, actorOf, type PatientData, Public } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { RatingImports } from './imports.js';
import type { RatingService } from './service.js';

const tags = ['ratings'];
const PATIENTS = { roles: ['patient'] } as const;
const STAFF = { roles: ['staff'] } as const;
const READERS = { roles: ['patient', 'staff'] } as const;
/** A refusal by role is audited: `:id` is the rating, except on the booking route. */
const patientData = (action: string, idIsRating = true): PatientData => ({
  action,
  resourceType: 'rating',
  ...(idIsRating ? { idIs: ['resourceId'] as const } : {}),
});
// Comments of up to 2,000 characters, 1,000 items: far above the API's 64 KiB.
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

export function ratingRoutes(deps: {
  ratings: RatingService;
  imports: RatingImports;
}): FastifyPluginAsyncTypebox {
  const { ratings, imports } = deps;
  return async (app) => {
    app.get(
      '/doctors/:id/ratings',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listDoctorRatings',
          summary: 'List a doctor’s ratings',
          description:
            'Newest first (by when rated, then id). Anonymous: no patient or booking. A comment ' +
            'staff hid is null with `commentHidden: true`; its stars still count. Imported ' +
            'ratings are listed too, marked `source: imported`.',
          params: IdParams,
          querystring: ListRatingsQuery,
          response: { 200: PublicRatingPage },
        },
      },
      (request) => ratings.listOfDoctor(request.params.id, request.query),
    );

    app.get(
      '/bookings/:id/rating',
      {
        config: { access: READERS, patientData: patientData('rating.read', false) },
        schema: {
          tags,
          operationId: 'getVisitRating',
          summary: 'Get the rating of a visit',
          description:
            'For the booking’s patient and staff of its location, with the comment even when ' +
            'hidden. Another patient’s or another location’s booking answers 404 like a missing ' +
            'id, and is audited; a booking not rated yet answers 404 too.',
          params: IdParams,
          response: { 200: Rating },
        },
      },
      (request) => ratings.ofBooking(actorOf(request), request.params.id),
    );

    app.post(
      '/bookings/:id/rating',
      {
        config: { access: PATIENTS, patientData: patientData('rating.create', false) },
        schema: {
          tags,
          operationId: 'rateVisit',
          summary: 'Rate the doctor of your completed visit',
          description:
            'Once per booking (again: 409 `already-rated`), for your own completed doctor ' +
            'booking (else 422 `visit-not-completed` or `not-a-doctor-visit`). Another ' +
            'patient’s booking answers 404 like a missing id, and is audited.',
          params: IdParams,
          body: CreateRatingBody,
          response: { 201: Rating, 422: problemResponse('The booking cannot be rated') },
        },
      },
      async (request, reply) => {
        const rating = await ratings.create(actorOf(request), request.params.id, request.body);
        return reply.code(201).send(rating);
      },
    );

    app.patch(
      '/ratings/:id',
      {
        config: { access: PATIENTS, patientData: patientData('rating.update') },
        schema: {
          tags,
          operationId: 'updateRating',
          summary: 'Change your rating',
          description:
            'By its author, for 30 days after rating (then 422 `edit-window-closed`). Send the ' +
            '`version` you read: a rating changed since answers 409 `version-conflict`.',
          params: IdParams,
          body: UpdateRatingBody,
          response: { 200: Rating, 422: problemResponse('The edit window has closed') },
        },
      },
      (request) => ratings.update(actorOf(request), request.params.id, request.body),
    );

    for (const [verb, hidden] of [
      ['hide', true],
      ['unhide', false],
    ] as const) {
      app.post(
        `/ratings/:id/${verb}`,
        {
          config: { access: STAFF, patientData: patientData(`rating.${verb}`) },
          schema: {
            tags,
            operationId: hidden ? 'hideRatingComment' : 'unhideRatingComment',
            summary: hidden ? 'Hide a rating’s comment' : 'Show a hidden comment again',
            description:
              'By staff of the rated visit’s location (others: 404). The stars still count. ' +
              'Idempotent; records who hid it and when.',
            params: IdParams,
            response: { 200: Rating },
          },
        },
        (request) => ratings.setCommentHidden(actorOf(request), request.params.id, hidden),
      );
    }

    app.post(
      '/imports/ratings',
      {
        config: { access: AdminOnly },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'importRatings',
          summary: 'Import historical ratings from a previous system',
          description:
            'Up to 1,000 items in one transaction. Every item appears once in the report by its ' +
            'index: `accepted`, `alreadyImported` (its `externalId` was imported before: nothing ' +
            'is duplicated) or `refused` with its reason. Imported ratings have no patient or ' +
            'booking and count in the doctor’s `importedRatingAvg`/`importedRatingCount`, never ' +
            'in the verified `ratingAvg`/`ratingCount`.',
          body: ImportRatingsBody,
          response: { 200: RatingImportReport },
        },
      },
      (request) => imports.import(actorOf(request), request.body),
    );
  };
}
