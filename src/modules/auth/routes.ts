import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthService } from './service.js';

export function authRoutes(_auth: AuthService): FastifyPluginAsyncTypebox {
  return async () => {};
}
