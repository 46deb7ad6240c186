import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateReportBody,
  CriticalDiagnosticReportPage,
  DiagnosticReport,
  DiagnosticReportHistory,
  DiagnosticReportPage,
  IdParams,
  ListReportsQuery,
  ReportRevisionBody,
  ReviseReportBody,
} from '@medsync/contracts';
import { actorOf, type PatientData } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { ResultService } from './service.js';
import type { ResultWrites } from './writes.js';

const tags = ['results'];
const READERS = { roles: ['patient', 'doctor', 'staff'] } as const;
const WRITERS = { roles: ['doctor', 'staff'] } as const;
const patientData = (verb: string, idIs?: PatientData['idIs']): PatientData => ({
  action: `diagnostic-report.${verb}`,
  resourceType: 'diagnostic-report',
  ...(idIs ? { idIs } : {}),
});
const NOT_VISIBLE =
  'A report you may not see answers 404 like a missing id, and is audited; to its patient a ' +
  'report is invisible (404) until it is released.';
const WRITER =
  'By staff of the report’s location or its ordering doctor; another reader of the patient ' +
  'gets 403 `not-report-writer`.';
const CAS = 'Send the `revision` you read: another answers 409 `revision-conflict`.';
const conflict = (what: string) => ({ 409: problemResponse(what) });

/** Diagnostic reports: writing, revising, releasing, reading, critical values. */
export function resultRoutes(deps: {
  results: ResultService;
  writes: ResultWrites;
}): FastifyPluginAsyncTypebox {
  const { results, writes } = deps;
  return async (app) => {
    app.post(
      '/bookings/:id/results',
      {
        config: { access: WRITERS, patientData: patientData('create') },
        schema: {
          tags,
          operationId: 'createDiagnosticReport',
          summary: 'Write a report for a booking',
          description:
            'By staff of the booking’s location (the lab) or the booking’s doctor, who becomes the ' +
            'ordering doctor; anyone else gets 404. The booking must be checked in or completed ' +
            '(else 409 `booking-not-reportable`). Send each observation’s candidate reference ' +
            'ranges: the server keeps the one that applies to the patient (sex, age at the ' +
            'booking’s start) and computes the interpretation. Not visible to the patient until released.',
          params: IdParams,
          body: CreateReportBody,
          response: {
            201: DiagnosticReport,
            ...conflict('The booking cannot produce a report (`booking-not-reportable`)'),
            422: problemResponse('Observations or reference ranges are not valid, or ambiguous'),
          },
        },
      },
      async (request, reply) => {
        const report = await writes.create(actorOf(request), request.params.id, request.body);
        return reply
          .code(201)
          .header('location', `${app.prefix}/results/${report.id}`)
          .send(report);
      },
    );

    app.get(
      '/bookings/:id/results',
      {
        config: { access: READERS, patientData: patientData('search') },
        schema: {
          tags,
          operationId: 'listBookingDiagnosticReports',
          summary: 'A booking’s reports',
          description: `Current revisions, newest first. A patient sees their released ones. ${NOT_VISIBLE}`,
          params: IdParams,
          querystring: ListReportsQuery,
          response: { 200: DiagnosticReportPage },
        },
      },
      (request) => results.forBooking(actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/patients/:id/results',
      {
        config: { access: READERS, patientData: patientData('search', ['patientId']) },
        schema: {
          tags,
          operationId: 'listPatientDiagnosticReports',
          summary: 'A patient’s reports',
          description:
            'Current revisions, newest first; a patient sees their released ones only. A patient ' +
            'you may not see answers 404 like a missing id, and is audited.',
          params: IdParams,
          querystring: ListReportsQuery,
          response: { 200: DiagnosticReportPage },
        },
      },
      (request) => results.forPatient(actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/results/:id',
      {
        config: { access: READERS, patientData: patientData('read', ['resourceId']) },
        schema: {
          tags,
          operationId: 'getDiagnosticReport',
          summary: 'A report: its current revision',
          description: `Amended after release: \`amended: true\`. ${NOT_VISIBLE}`,
          params: IdParams,
          response: { 200: DiagnosticReport },
        },
      },
      (request) => results.get(actorOf(request), request.params.id),
    );

    app.get(
      '/results/:id/history',
      {
        config: { access: READERS, patientData: patientData('history', ['resourceId']) },
        schema: {
          tags,
          operationId: 'getDiagnosticReportHistory',
          summary: 'Every revision of a report, oldest first',
          description: `A patient sees the released revisions. ${NOT_VISIBLE}`,
          params: IdParams,
          response: { 200: DiagnosticReportHistory },
        },
      },
      (request) => results.history(actorOf(request), request.params.id),
    );

    app.post(
      '/results/:id/revisions',
      {
        config: { access: WRITERS, patientData: patientData('revise', ['resourceId']) },
        schema: {
          tags,
          operationId: 'reviseDiagnosticReport',
          summary: 'Correct or amend a report: a new revision',
          description:
            'The current revision is retired and a new one written in one transaction, with your ' +
            'reason; nothing is overwritten. Unreleased: `registered` → `preliminary` → `final`; ' +
            'released: `amended` or `corrected`, written released; `entered-in-error` ends a ' +
            `report (else 409 \`invalid-transition\`). ${CAS} ${WRITER}`,
          params: IdParams,
          body: ReviseReportBody,
          response: {
            201: DiagnosticReport,
            ...conflict('`revision-conflict` or `invalid-transition`'),
            422: problemResponse('Observations or reference ranges are not valid, or ambiguous'),
          },
        },
      },
      async (request, reply) => {
        const report = await writes.revise(actorOf(request), request.params.id, request.body);
        return reply.code(201).send(report);
      },
    );

    app.post(
      '/results/:id/release',
      {
        config: { access: WRITERS, patientData: patientData('release', ['resourceId']) },
        schema: {
          tags,
          operationId: 'releaseDiagnosticReport',
          summary: 'Release a reviewed final report to its patient',
          description: `Records who and when. ${CAS} ${WRITER}`,
          params: IdParams,
          body: ReportRevisionBody,
          response: {
            200: DiagnosticReport,
            ...conflict('`revision-conflict`, `already-released` or `not-final`'),
          },
        },
      },
      (request) => writes.release(actorOf(request), request.params.id, request.body.revision),
    );

    app.post(
      '/results/:id/acknowledge-critical',
      {
        config: {
          access: WRITERS,
          patientData: patientData('acknowledge-critical', ['resourceId']),
        },
        schema: {
          tags,
          operationId: 'acknowledgeCriticalDiagnosticReport',
          summary: 'Acknowledge a report’s critical values',
          description:
            'By the ordering doctor; for a booked diagnostic without one, staff of the location. ' +
            `Records who and when; a later revision with critical values needs its own. ${CAS}`,
          params: IdParams,
          body: ReportRevisionBody,
          response: {
            200: DiagnosticReport,
            ...conflict('`revision-conflict`, `already-acknowledged` or `no-critical-values`'),
          },
        },
      },
      (request) =>
        writes.acknowledgeCritical(actorOf(request), request.params.id, request.body.revision),
    );

    app.get(
      '/me/critical-results',
      {
        config: { access: WRITERS, patientData: patientData('search') },
        schema: {
          tags,
          operationId: 'listCriticalDiagnosticReports',
          summary: 'Critical results waiting for my acknowledgment',
          description:
            'Current reports with an `LL` or `HH` value not yet acknowledged, released or not, ' +
            'newest first: for a doctor those they ordered, for staff their locations’ booked ' +
            'diagnostics (no ordering doctor). Each names its patient (`patient.fullName`).',
          querystring: ListReportsQuery,
          response: { 200: CriticalDiagnosticReportPage },
        },
      },
      (request) => results.criticalList(actorOf(request), request.query),
    );
  };
}
