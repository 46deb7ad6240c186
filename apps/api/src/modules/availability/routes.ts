import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Availability,
  AvailabilityQuery,
  IdParams,
  SlotSearchQuery,
  SlotSearchResult,
} from '@medsync/contracts';
import { Public } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { AvailabilityService } from './availability.js';
import type { SlotSearch } from './search.js';

const tags = ['scheduling'];
const TOO_LONG = problemResponse('More than 31 days asked for, or `to` before `from`');
const SLOT_POLICY =
  'Slots follow wall-clock working hours in the location’s time zone: a doctor’s own weekly ' +
  'hours if they have any, else the location’s, plus the doctor’s extra hours, minus their ' +
  'time off (a day off takes that day’s windows, overnight ones included). Starts are opening, ' +
  'opening + length, … before closing; a start missing on a spring-forward day gives no slot; ' +
  'a start repeated on a fall-back day gives one slot per occurrence; a slot must end, in ' +
  'elapsed time, by closing. Booked time, live holds, minimum notice and the horizon are ' +
  'taken out.';
const RANGE = 'At most 31 days per request.';

export function schedulingRoutes(
  availability: AvailabilityService,
  search: SlotSearch,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/availability/search',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'searchAvailability',
          summary: 'Earliest free slots for a specialty or a diagnostic',
          description:
            'Give exactly one of `specialtyId` (active doctors of that specialty) and ' +
            '`diagnosticId` (active locations offering it), else 422; optionally one ' +
            '`locationId`. Returns the earliest `limit` free slots across all of them, earliest ' +
            'first, ties by doctor or offering id, searched from `from` (a local date at each ' +
            'location; default and earliest: today there) up to the booking horizon. Each slot ' +
            `follows the same rules as the availability endpoints. ${SLOT_POLICY}`,
          querystring: SlotSearchQuery,
          response: {
            200: SlotSearchResult,
            422: problemResponse('Neither or both of `specialtyId` and `diagnosticId`'),
          },
        },
      },
      async (request) => ({ slots: await search.earliest(request.query) }),
    );

    app.get(
      '/doctors/:id/availability',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDoctorAvailability',
          summary: 'Free slots of a doctor',
          description: `${SLOT_POLICY} ${RANGE}`,
          params: IdParams,
          querystring: AvailabilityQuery,
          response: { 200: Availability, 422: TOO_LONG },
        },
      },
      async (request) => ({
        slots: await availability.forDoctor(request.params.id, request.query),
      }),
    );

    app.get(
      '/diagnostic-locations/:id/availability',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDiagnosticLocationAvailability',
          summary: 'Free slots of a diagnostic at a location',
          description: `${SLOT_POLICY} ${RANGE} Up to the location’s capacity may run at once.`,
          params: IdParams,
          querystring: AvailabilityQuery,
          response: { 200: Availability, 422: TOO_LONG },
        },
      },
      async (request) => ({
        slots: await availability.forDiagnosticLocation(request.params.id, request.query),
      }),
    );
  };
}
