import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ScheduleService } from './service.js';

/** Doctor schedules for admin and staff. (stub) */
export function scheduleRoutes(_schedules: ScheduleService): FastifyPluginAsyncTypebox {
  return async () => {};
}
