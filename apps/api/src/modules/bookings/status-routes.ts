import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Booking,
  BookingPage,
  BookingVersionBody,
  DayBookingPage,
  IdParams,
  ListBookingsQuery,
  ListDayBookingsQuery,
  ListPatientBookingsQuery,
  TRANSITIONS,
  type Transition,
} from '@medsync/contracts';
import { actorOf, type PatientData } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import { type BookingLifecycle, TRANSITION_RULES } from './lifecycle.js';
import type { BookingQueries } from './queries.js';

const tags = ['bookings'];
const READERS = { roles: ['patient', 'doctor', 'staff'] } as const;
/** The audit of a refusal: `:id` is the booking, the patient whose list it is, or neither. */
const patientData = (action: string, idIs?: PatientData['idIs']): PatientData => ({
  action,
  resourceType: 'booking',
  ...(idIs ? { idIs } : {}),
});
const SEARCH = patientData('booking.search');
const SCOPE =
  'Patients see their own bookings, doctors those with them, staff those at their locations; ' +
  'admins none.';
const NOT_VISIBLE = 'A booking outside your scope answers 404, like a missing id, and is audited.';
const LIST =
  'Ordered by start, then id. Expired holds (and holds past their expiry) are left out unless ' +
  '`status` asks for `expired`; a hold past its expiry reads as `expired`.';
const DAY =
  '`date` is the local date in the location’s time zone: bookings starting from its midnight ' +
  'to the next (23 or 25 hours on a daylight-saving change). Each booking names its patient ' +
  '(`patient.fullName`), read in the same query as the list.';
const badRange = { 422: problemResponse('`to` is before `from` (`invalid-range`)') };

const CHANGES: Record<Transition, { operationId: string; summary: string; description: string }> = {
  cancel: {
    operationId: 'cancelBooking',
    summary: 'Cancel a booking, or release a hold early',
    description:
      '`booked` or a live `held` → `cancelled`; the slot is free again at once. A patient ' +
      'cancels their own booking until it starts (then 422 `too-late`); staff cancel any at ' +
      'their locations until it is checked in. A hold past its expiry cannot be cancelled (409).',
  },
  'check-in': {
    operationId: 'checkInBooking',
    summary: 'Check a patient in',
    description: '`booked` → `checked_in`, by staff at the location or the booking’s doctor.',
  },
  complete: {
    operationId: 'completeBooking',
    summary: 'Complete an appointment',
    description: '`checked_in` → `completed`, by the booking’s doctor or staff at the location.',
  },
  'no-show': {
    operationId: 'markBookingNoShow',
    summary: 'Mark that the patient did not come',
    description:
      '`booked` → `no_show` from the booking’s start (before it: 422 `too-early`), by staff at ' +
      'the location or the booking’s doctor.',
  },
};
const CAS =
  'Send the `version` you read: a booking changed since answers 409 `version-conflict`; a ' +
  'status this change cannot leave answers 409 `invalid-transition`. Another patient’s or ' +
  'another location’s booking answers 404 like a missing id, and is audited.';

/** Reads, lists and status changes of bookings; every answer stays within the caller's scope. */
export function bookingStatusRoutes(deps: {
  queries: BookingQueries;
  lifecycle: BookingLifecycle;
}): FastifyPluginAsyncTypebox {
  const { queries, lifecycle } = deps;
  return async (app) => {
    app.get(
      '/bookings',
      {
        config: { access: READERS, patientData: SEARCH },
        schema: {
          tags,
          operationId: 'listBookings',
          summary: 'List bookings you may see',
          description: `${SCOPE} Filters narrow that scope, never widen it. ${LIST}`,
          querystring: ListBookingsQuery,
          response: { 200: BookingPage, ...badRange },
        },
      },
      (request) => queries.search(actorOf(request), request.query),
    );

    app.get(
      '/bookings/:id',
      {
        config: { access: READERS, patientData: patientData('booking.read', ['resourceId']) },
        schema: {
          tags,
          operationId: 'getBooking',
          summary: 'Get a booking',
          description: `${SCOPE} ${NOT_VISIBLE} A hold past its expiry reads as \`expired\`.`,
          params: IdParams,
          response: { 200: Booking },
        },
      },
      (request) => queries.get(actorOf(request), request.params.id),
    );

    app.get(
      '/patients/:id/bookings',
      {
        config: { access: READERS, patientData: patientData('booking.search', ['patientId']) },
        schema: {
          tags,
          operationId: 'listPatientBookings',
          summary: 'List a patient’s bookings',
          description:
            'A patient you may not see answers 404, like a missing id, and is audited; of a ' +
            `patient you may see, only the bookings in your scope are listed. ${SCOPE} ${LIST}`,
          params: IdParams,
          querystring: ListPatientBookingsQuery,
          response: { 200: BookingPage, ...badRange },
        },
      },
      (request) => queries.forPatient(actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/doctors/:id/bookings',
      {
        config: { access: { roles: ['doctor', 'staff'] }, patientData: SEARCH },
        schema: {
          tags,
          operationId: 'listDoctorDayBookings',
          summary: 'A doctor’s day',
          description:
            'For the doctor themself and staff of the doctor’s location; anyone else gets 404. ' +
            `${DAY} ${LIST}`,
          params: IdParams,
          querystring: ListDayBookingsQuery,
          response: { 200: DayBookingPage },
        },
      },
      (request) => queries.doctorDay(actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/locations/:id/bookings',
      {
        config: { access: { roles: ['staff'] }, patientData: SEARCH },
        schema: {
          tags,
          operationId: 'listLocationDayBookings',
          summary: 'A location’s day',
          description: `For staff of that location; other staff get 404. ${DAY} ${LIST}`,
          params: IdParams,
          querystring: ListDayBookingsQuery,
          response: { 200: DayBookingPage },
        },
      },
      (request) => queries.locationDay(actorOf(request), request.params.id, request.query),
    );

    for (const transition of TRANSITIONS) {
      app.post(
        `/bookings/:id/${transition}`,
        {
          config: {
            access: { roles: TRANSITION_RULES[transition].roles },
            patientData: patientData(`booking.${transition}`, ['resourceId']),
          },
          schema: {
            tags,
            ...CHANGES[transition],
            description: `${CHANGES[transition].description} ${CAS}`,
            params: IdParams,
            body: BookingVersionBody,
            response: { 200: Booking },
          },
        },
        (request) =>
          lifecycle.change(actorOf(request), transition, request.params.id, request.body.version),
      );
    }
  };
}
