import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Public } from '../../http/access.js';
import { IdParams } from '../../http/schemas.js';
import type { AvailabilityService } from './availability.js';
import { Availability, AvailabilityQuery } from './schemas.js';

const tags = ['scheduling'];
const SLOT_POLICY =
  'Slots follow the location’s wall-clock working hours in its time zone: starts are opening, ' +
  'opening + length, … before closing; a start missing on a spring-forward day gives no slot; ' +
  'a start repeated on a fall-back day gives one slot per occurrence; a slot must end, in ' +
  'elapsed time, by closing. Booked time, live holds, minimum notice and the horizon are ' +
  'taken out. At most 31 days per request.';

export function schedulingRoutes(availability: AvailabilityService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/doctors/:id/availability',
      {
        config: { access: Public },
        schema: {
          tags,
          summary: 'Free slots of a doctor',
          description: SLOT_POLICY,
          params: IdParams,
          querystring: AvailabilityQuery,
          response: { 200: Availability },
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
          summary: 'Free slots of a diagnostic at a location',
          description: `${SLOT_POLICY} Up to the location’s capacity may run at once.`,
          params: IdParams,
          querystring: AvailabilityQuery,
          response: { 200: Availability },
        },
      },
      async (request) => ({
        slots: await availability.forDiagnosticLocation(request.params.id, request.query),
      }),
    );
  };
}
