import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BookingLifecycle } from './lifecycle.js';
import type { BookingQueries } from './queries.js';

/** Reads, lists and status changes of bookings. (stub) */
export function bookingStatusRoutes(_deps: {
  queries: BookingQueries;
  lifecycle: BookingLifecycle;
}): FastifyPluginAsyncTypebox {
  return async () => {};
}
