import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountService } from './service.js';

export function accountRoutes(_accounts: AccountService): FastifyPluginAsyncTypebox {
  return async () => {};
}
