import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DiagnosticLocationService } from './service.js';

export function diagnosticLocationRoutes(
  _service: DiagnosticLocationService,
): FastifyPluginAsyncTypebox {
  return async () => {};
}
