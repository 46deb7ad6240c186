import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DiagnosticService } from './service.js';

export function diagnosticRoutes(_service: DiagnosticService): FastifyPluginAsyncTypebox {
  return async () => {};
}
