import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LocationService } from './service.js';

export function locationRoutes(_service: LocationService): FastifyPluginAsyncTypebox {
  return async () => {};
}
