import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangePrescriptionStatusBody,
  CreatePrescriptionBody,
  IdempotencyKeyHeaders,
  IdParams,
  ListPatientPrescriptionsQuery,
  Prescription,
  PrescriptionHistory,
  PrescriptionList,
  PrescriptionPage,
  type PrescriptionView,
  RevisePrescriptionBody,
} from '@medsync/contracts';
import { actorOf, type PatientData } from '../../http/access.js';
import type { Idempotency } from '../../http/idempotency.js';
import { idempotentCreate } from '../../http/idempotent-create.js';
import { problemResponse } from '../../http/openapi.js';
import type { PrescriptionQueries } from './queries.js';
import type { PrescriptionService } from './service.js';

const tags = ['prescriptions'];
const READERS = { roles: ['patient', 'doctor', 'staff'] } as const;
const PRESCRIBER = { roles: ['doctor'] } as const;
/** The audit of a refusal: `:id` is the prescription, the patient whose list it is, or neither. */
const patientData = (action: string, idIs?: PatientData['idIs']): PatientData => ({
  action,
  resourceType: 'prescription',
  ...(idIs ? { idIs } : {}),
});
const READ =
  'The patient, the doctors who treat them and staff of their locations may read; anyone else ' +
  'gets 404, like a missing id, and is audited.';
const WRITE =
  'Only the doctor of the visit writes; another doctor gets 404, like a missing id, and is audited.';
const CAS =
  'Send the `revision` you read and a `reason`: a prescription revised since answers 409 ' +
  '`revision-conflict`. Nothing is overwritten: the old revision stays in the history.';

/** Writing prescriptions in visits, their revisions and status, and reading them. */
export function prescriptionRoutes(deps: {
  prescriptions: PrescriptionService;
  queries: PrescriptionQueries;
  idempotency: Idempotency;
}): FastifyPluginAsyncTypebox {
  const { prescriptions, queries, idempotency } = deps;
  return async (app) => {
    app.post(
      '/bookings/:id/prescriptions',
      {
        config: { access: PRESCRIBER, patientData: patientData('prescription.create') },
        schema: {
          tags,
          operationId: 'createPrescription',
          summary: 'Write a prescription in a visit',
          description:
            'In a checked-in or completed doctor booking (else 409 `not-a-visit`), at most 50 ' +
            'per visit. Valid from the visit’s day for 90 days unless `validFrom`/`validUntil` ' +
            `say otherwise (422 \`invalid-validity\`). Starts \`active\`. ${WRITE}`,
          params: IdParams,
          headers: IdempotencyKeyHeaders,
          body: CreatePrescriptionBody,
          response: {
            201: Prescription,
            404: problemResponse('No such booking among your visits'),
          },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        return idempotentCreate<PrescriptionView>(idempotency, request, reply, {
          create: (hook) => prescriptions.create(actor, request.params.id, request.body, hook),
          location: (created) => `${app.prefix}/prescriptions/${created.id}`,
          replayed: (created) => prescriptions.recordReplay(actor, created),
        });
      },
    );

    app.get(
      '/bookings/:id/prescriptions',
      {
        config: { access: READERS, patientData: patientData('prescription.search') },
        schema: {
          tags,
          operationId: 'listBookingPrescriptions',
          summary: 'The prescriptions written in a visit',
          description: `Their current revisions, oldest first. ${READ}`,
          params: IdParams,
          response: { 200: PrescriptionList },
        },
      },
      (request) => queries.forBooking(actorOf(request), request.params.id),
    );

    app.get(
      '/prescriptions/:id',
      {
        config: { access: READERS, patientData: patientData('prescription.read', ['resourceId']) },
        schema: {
          tags,
          operationId: 'getPrescription',
          summary: 'Get a prescription (its current revision)',
          description: READ,
          params: IdParams,
          response: { 200: Prescription },
        },
      },
      (request) => queries.get(actorOf(request), request.params.id),
    );

    app.get(
      '/prescriptions/:id/history',
      {
        config: {
          access: READERS,
          patientData: patientData('prescription.history', ['resourceId']),
        },
        schema: {
          tags,
          operationId: 'getPrescriptionHistory',
          summary: 'Every revision of a prescription',
          description: `Oldest first; each with its author, time and reason. ${READ}`,
          params: IdParams,
          response: { 200: PrescriptionHistory },
        },
      },
      (request) => queries.history(actorOf(request), request.params.id),
    );

    app.post(
      '/prescriptions/:id/revisions',
      {
        config: {
          access: PRESCRIBER,
          patientData: patientData('prescription.revise', ['resourceId']),
        },
        schema: {
          tags,
          operationId: 'revisePrescription',
          summary: 'Correct a prescription: write its next revision',
          description:
            'The whole new content. Only an `active` or `on-hold` prescription can be corrected ' +
            `(else 409 \`prescription-closed\`). ${CAS} ${WRITE}`,
          params: IdParams,
          body: RevisePrescriptionBody,
          response: { 201: Prescription },
        },
      },
      async (request, reply) => {
        const revised = await prescriptions.revise(
          actorOf(request),
          request.params.id,
          request.body,
        );
        return reply
          .code(201)
          .header('location', `${app.prefix}/prescriptions/${revised.id}`)
          .send(revised);
      },
    );

    app.post(
      '/prescriptions/:id/status',
      {
        config: {
          access: PRESCRIBER,
          patientData: patientData('prescription.change-status', ['resourceId']),
        },
        schema: {
          tags,
          operationId: 'changePrescriptionStatus',
          summary: 'Change a prescription’s status',
          description:
            '`active` → `on-hold`, `completed`, `cancelled`, `stopped`, `entered-in-error`; ' +
            '`on-hold` → `active`, `cancelled`, `stopped`, `entered-in-error`; `completed`, ' +
            '`cancelled`, `stopped` → `entered-in-error`. Any other change answers 409 ' +
            `\`invalid-transition\`. A new revision with the same content. ${CAS} ${WRITE}`,
          params: IdParams,
          body: ChangePrescriptionStatusBody,
          response: { 200: Prescription },
        },
      },
      (request) => prescriptions.changeStatus(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/patients/:id/prescriptions',
      {
        config: { access: READERS, patientData: patientData('prescription.search', ['patientId']) },
        schema: {
          tags,
          operationId: 'listPatientPrescriptions',
          summary: 'A patient’s prescriptions: their medication list',
          description:
            'Current revisions, newest first. `current=true` lists the current medications ' +
            `(\`active\` and \`on-hold\`); \`status\` narrows to those statuses. ${READ}`,
          params: IdParams,
          querystring: ListPatientPrescriptionsQuery,
          response: { 200: PrescriptionPage },
        },
      },
      (request) => queries.forPatient(actorOf(request), request.params.id, request.query),
    );
  };
}
