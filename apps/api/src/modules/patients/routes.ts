import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatePatientBody,
  IdParams,
  ListPatientsQuery,
  Me,
  Page,
  Patient,
  PatientSummary,
  UpdatePatientBody,
} from '@medsync/contracts';
import { Authenticated, actorOf, type PatientData } from '../../http/access.js';
import type { PatientService } from './service.js';

// The shared hook documents the statuses every route can give; 422 is this module's own.

const tags = ['patients'];
const patientData = (action: string, idIs?: PatientData['idIs']): PatientData => ({
  action,
  resourceType: 'patient',
  ...(idIs ? { idIs } : {}),
});
const notVisible =
  'Another patient’s id answers 404, the same as an id that does not exist, and is audited.';

export function patientRoutes(patients: PatientService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me',
      {
        config: { access: Authenticated, patientData: patientData('patient.read') },
        schema: {
          tags,
          operationId: 'getMe',
          summary: 'Who am I: my account, role, scope and patient profile',
          response: { 200: Me },
        },
      },
      (request) => patients.me(actorOf(request)),
    );

    app.post(
      '/patients',
      {
        config: { access: { roles: ['staff'] }, patientData: patientData('patient.create') },
        schema: {
          tags,
          operationId: 'createPatient',
          summary: 'Register a patient at the desk',
          description: 'The location must be one of yours (else 422); its staff then serve them.',
          body: CreatePatientBody,
          response: { 201: Patient },
        },
      },
      async (request, reply) => {
        const created = await patients.create(actorOf(request), request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.get(
      '/patients',
      {
        config: { access: { roles: ['staff'] }, patientData: patientData('patient.search') },
        schema: {
          tags,
          operationId: 'listPatients',
          summary: 'Find patients registered at your locations',
          description: 'By name (contains) and date of birth, in name order.',
          querystring: ListPatientsQuery,
          response: { 200: Page(PatientSummary) },
        },
      },
      (request) => patients.search(actorOf(request), request.query),
    );

    app.get(
      '/patients/:id',
      {
        config: {
          access: { roles: ['patient', 'doctor', 'staff'] },
          patientData: patientData('patient.read', ['resourceId', 'patientId']),
        },
        schema: {
          tags,
          operationId: 'getPatient',
          summary: 'Get a patient’s profile',
          description: notVisible,
          params: IdParams,
          response: { 200: Patient },
        },
      },
      (request) => patients.get(actorOf(request), request.params.id),
    );

    app.patch(
      '/patients/:id',
      {
        config: {
          access: { roles: ['patient', 'staff'] },
          patientData: patientData('patient.update', ['resourceId', 'patientId']),
        },
        schema: {
          tags,
          operationId: 'updatePatient',
          summary: 'Correct a patient’s profile',
          description: `Only the profile fields can change. ${notVisible}`,
          params: IdParams,
          body: UpdatePatientBody,
          response: { 200: Patient },
        },
      },
      (request) => patients.update(actorOf(request), request.params.id, request.body),
    );
  };
}
