import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BookingRules } from '../../config.js';
import type { Idempotency } from '../../http/idempotency.js';
import type { BookingService } from './service.js';

/** POST /bookings, confirm, reschedule. (stub) */
export function bookingRoutes(_deps: {
  bookings: BookingService;
  idempotency: Idempotency;
  rules: BookingRules;
}): FastifyPluginAsyncTypebox {
  return async () => {};
}
