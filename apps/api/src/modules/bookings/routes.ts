import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Booking,
  BookingVersionBody,
  type BookingView,
  CreateBookingBody,
  IdempotencyKeyHeaders,
  IdParams,
  RescheduleBookingBody,
} from '@medsync/contracts';
import type { BookingRules } from '../../config.js';
import { actorOf, type PatientData } from '../../http/access.js';
import type { Idempotency } from '../../http/idempotency.js';
import { idempotentCreate } from '../../http/idempotent-create.js';
import { problemResponse } from '../../http/openapi.js';
import type { BookingService } from './service.js';

const tags = ['bookings'];
const patientData = (action: string, byId = false): PatientData => ({
  action,
  resourceType: 'booking',
  ...(byId ? { idIs: ['resourceId'] } : {}),
});
const notVisible =
  'Another patient’s booking answers 404, the same as an id that does not exist, and is audited.';

/** POST /bookings, confirm, reschedule. */
export function bookingRoutes(deps: {
  bookings: BookingService;
  idempotency: Idempotency;
  rules: BookingRules;
}): FastifyPluginAsyncTypebox {
  const { bookings, idempotency, rules } = deps;
  return async (app) => {
    app.post(
      '/bookings',
      {
        config: {
          access: { roles: ['patient', 'staff'] },
          patientData: patientData('booking.create'),
          // Counted per account once the access hook (onRequest) has named the caller.
          rateLimit: {
            max: rules.rateLimitPerMinute,
            timeWindow: 60_000,
            hook: 'preParsing',
            keyGenerator: (request) => request.identity?.accountId ?? request.ip,
          },
        },
        schema: {
          tags,
          operationId: 'createBooking',
          summary: 'Book or hold a slot',
          description:
            'A slot as the availability endpoints list it, of a doctor or a diagnostic location. ' +
            'Patients book for themselves; staff name a patient they serve and book at their own ' +
            'locations (else 404). `hold: true` keeps the slot for a few minutes until confirmed. ' +
            'The price is fixed now. `reason`, the patient’s reason for the visit, is optional ' +
            'and seen by the patient, the booked doctor and staff of the location. ' +
            '409 `slot-taken` or `patient-overlap` when the time is not ' +
            'free; 422 names why a start is not a bookable slot.',
          headers: IdempotencyKeyHeaders,
          body: CreateBookingBody,
          response: {
            201: Booking,
            404: problemResponse('No such doctor, diagnostic location or patient in your scope'),
            429: problemResponse('Too many bookings from this account; retry after Retry-After'),
          },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        return idempotentCreate<BookingView>(idempotency, request, reply, {
          create: (hook) => bookings.create(actor, request.body, hook),
          location: (booking) => `${app.prefix}/bookings/${booking.id}`,
          replayed: (booking) => bookings.recordReplay(actor, booking),
        });
      },
    );

    app.post(
      '/bookings/:id/confirm',
      {
        config: {
          access: { roles: ['patient', 'staff'] },
          patientData: patientData('booking.confirm', true),
        },
        schema: {
          tags,
          operationId: 'confirmBooking',
          summary: 'Confirm a hold: book the held slot',
          description:
            'Send the version you read. 409 `hold-expired` once the hold has lapsed, ' +
            `\`version-conflict\` if the booking changed. ${notVisible}`,
          params: IdParams,
          body: BookingVersionBody,
          response: { 200: Booking },
        },
      },
      (request) => bookings.confirm(actorOf(request), request.params.id, request.body.version),
    );

    app.post(
      '/bookings/:id/reschedule',
      {
        config: {
          access: { roles: ['patient', 'staff'] },
          patientData: patientData('booking.reschedule', true),
        },
        schema: {
          tags,
          operationId: 'rescheduleBooking',
          summary: 'Move a booking to another slot of the same doctor or diagnostic',
          description:
            'Atomic: the old slot is given up only if the new one is taken (else 409 and the ' +
            'booking is unchanged). The price stays the one fixed at booking. Send the version ' +
            `you read (409 \`version-conflict\` otherwise). ${notVisible}`,
          params: IdParams,
          body: RescheduleBookingBody,
          response: { 200: Booking },
        },
      },
      (request) => bookings.reschedule(actorOf(request), request.params.id, request.body),
    );
  };
}
