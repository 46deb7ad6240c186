import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateVisitNoteBody,
  IdParams,
  VisitNote,
  VisitNoteHistory,
  VisitNoteRevisionBody,
} from '@medsync/contracts';
import { actorOf, type PatientData } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { VisitNoteService } from './service.js';

const tags = ['visits'];
const READERS = { roles: ['patient', 'doctor', 'staff'] } as const;
const WRITERS = { roles: ['doctor'] } as const;
/** The audit of a refusal: `:id` is the note, or (under /bookings) neither note nor patient. */
const patientData = (action: string, byNoteId: boolean): PatientData => ({
  action,
  resourceType: 'visit-note',
  ...(byNoteId ? { idIs: ['resourceId'] } : {}),
});
const READ_SCOPE =
  'The patient reads their own notes; doctors who treat the patient and staff of the ' +
  'patient’s locations read theirs. Anyone else gets 404, like a missing id, and is audited.';
const WRITE_SCOPE =
  'Only the booking’s own doctor writes its note; another doctor’s booking, or a diagnostic ' +
  'booking, answers 404 like a missing id, and is audited.';

/** A visit's note: written by the booking's doctor, corrected by revisions, read in scope. */
export function visitNoteRoutes(notes: VisitNoteService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/bookings/:id/visit-note',
      {
        config: { access: WRITERS, patientData: patientData('visit-note.create', false) },
        schema: {
          tags,
          operationId: 'createVisitNote',
          summary: 'Write the note of a visit',
          description:
            'The clinical note and diagnoses of a checked-in or completed booking (else 409 ' +
            '`not-visited`). One note per booking: a second answers 409 `visit-note-exists`; ' +
            `correct a note with a revision. ${WRITE_SCOPE}`,
          params: IdParams,
          body: CreateVisitNoteBody,
          response: {
            201: VisitNote,
            404: problemResponse('No such booking of yours'),
          },
        },
      },
      async (request, reply) => {
        const note = await notes.create(actorOf(request), request.params.id, request.body);
        return reply
          .code(201)
          .header('location', `${app.prefix}/visit-notes/${note.id}`)
          .send(note);
      },
    );

    app.get(
      '/bookings/:id/visit-note',
      {
        config: { access: READERS, patientData: patientData('visit-note.read', false) },
        schema: {
          tags,
          operationId: 'getBookingVisitNote',
          summary: 'The current note of a booking’s visit',
          description: `404 when the booking has no note yet. ${READ_SCOPE}`,
          params: IdParams,
          response: { 200: VisitNote },
        },
      },
      (request) => notes.currentOfBooking(actorOf(request), request.params.id),
    );

    app.get(
      '/visit-notes/:id',
      {
        config: { access: READERS, patientData: patientData('visit-note.read', true) },
        schema: {
          tags,
          operationId: 'getVisitNote',
          summary: 'The current revision of a visit note',
          description: READ_SCOPE,
          params: IdParams,
          response: { 200: VisitNote },
        },
      },
      (request) => notes.get(actorOf(request), request.params.id),
    );

    app.post(
      '/visit-notes/:id/revisions',
      {
        config: { access: WRITERS, patientData: patientData('visit-note.revise', true) },
        schema: {
          tags,
          operationId: 'reviseVisitNote',
          summary: 'Correct a visit note with a new revision',
          description:
            'Replaces the whole note and diagnoses, with the reason for the correction; the ' +
            'revision replaced stays readable in the history. Send the `revision` you read: a ' +
            'note revised since answers 409 `revision-conflict` (of two concurrent revisions, ' +
            `one wins). At most 100 revisions (409 \`too-many-revisions\`). ${WRITE_SCOPE}`,
          params: IdParams,
          body: VisitNoteRevisionBody,
          response: { 201: VisitNote },
        },
      },
      async (request, reply) => {
        const note = await notes.revise(actorOf(request), request.params.id, request.body);
        return reply
          .code(201)
          .header('location', `${app.prefix}/visit-notes/${note.id}`)
          .send(note);
      },
    );

    app.get(
      '/visit-notes/:id/history',
      {
        config: { access: READERS, patientData: patientData('visit-note.history', true) },
        schema: {
          tags,
          operationId: 'getVisitNoteHistory',
          summary: 'Every revision of a visit note, oldest first',
          description: READ_SCOPE,
          params: IdParams,
          response: { 200: VisitNoteHistory },
        },
      },
      (request) => notes.history(actorOf(request), request.params.id),
    );
  };
}
