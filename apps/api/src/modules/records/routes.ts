import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, PatientErasure, PatientRecord } from '@medsync/contracts';
import { AdminOnly, actorOf } from '../../http/access.js';
import type { ErasureService } from './erasure.js';
import type { PatientRecordService } from './record-service.js';

const tags = ['patients'];
const BOTH_IDS = ['resourceId', 'patientId'] as const;

export function recordRoutes(deps: {
  records: PatientRecordService;
  erasure: ErasureService;
}): FastifyPluginAsyncTypebox {
  const { records, erasure } = deps;
  return async (app) => {
    app.get(
      '/patients/:id/record',
      {
        config: {
          access: { roles: ['patient', 'doctor', 'staff'] },
          patientData: {
            action: 'patient-record.read',
            resourceType: 'patient-record',
            idIs: BOTH_IDS,
          },
        },
        schema: {
          tags,
          operationId: 'getPatientRecord',
          summary: 'Read a patient’s whole record',
          description:
            'Profile, bookings (those in your scope), visit notes, current prescriptions and ' +
            'released reports with their observations and documents, in one response. A section ' +
            'longer than its limit keeps its most recent items and is named in `truncated`. ' +
            'Another patient’s id answers 404, the same as an id that does not exist, and is audited.',
          params: IdParams,
          response: { 200: PatientRecord },
        },
      },
      (request) => records.read(actorOf(request), request.params.id),
    );

    app.post(
      '/patients/:id/erase',
      {
        config: {
          access: AdminOnly,
          patientData: { action: 'patient.erase', resourceType: 'patient', idIs: BOTH_IDS },
        },
        schema: {
          tags,
          operationId: 'erasePatient',
          summary: 'Erase a patient’s account, keeping the clinical record',
          description:
            'Closes the login (disabled, credentials destroyed, every session revoked), cancels ' +
            'future bookings, removes rating comments, replaces the name by a pseudonym and removes ' +
            'phone and e-mail. Visits, notes, prescriptions and results are kept (legal retention). ' +
            'Erasing again is harmless. An id that names no patient answers 404.',
          params: IdParams,
          response: { 200: PatientErasure },
        },
      },
      (request) => erasure.erase(actorOf(request), request.params.id),
    );
  };
}
