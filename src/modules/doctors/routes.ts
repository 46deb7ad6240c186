import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DoctorService } from './service.js';

export function doctorRoutes(_service: DoctorService): FastifyPluginAsyncTypebox {
  return async () => {};
}
