import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PatientService } from './service.js';

export function patientRoutes(_patients: PatientService): FastifyPluginAsyncTypebox {
  return async () => {};
}
