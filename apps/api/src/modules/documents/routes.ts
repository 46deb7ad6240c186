import type {
  FastifyPluginAsyncTypebox,
  TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import {
  Document,
  DocumentBytes,
  IdParams,
  ImportedResultDocument,
  ImportResultDocumentQuery,
  MAX_DOCUMENT_BYTES,
  UploadDocumentQuery,
} from '@medsync/contracts';
import contentDisposition from 'content-disposition';
import type { FastifyReply } from 'fastify';
import { AdminOnly, actorOf, type PatientData, Public } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { DocumentDownload, DocumentService } from './service.js';

const documentData = (action: string, idIs?: PatientData['idIs']): PatientData => ({
  action,
  resourceType: 'document',
  ...(idIs ? { idIs } : {}),
});
const notVisible =
  'A document the caller may not read (another patient’s, or of a report not yet released to ' +
  'its patient) answers 404, the same as an id that does not exist, and is audited.';

// An upload's body is the file itself, whatever Content-Type the client labels it with: the type
// is decided from the bytes. These are the labels the document lists.
const UPLOAD_MEDIA_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'image/png',
  'image/jpeg',
];
const uploadResponses = {
  413: problemResponse('The file is larger than 10 MiB'),
  415: problemResponse('The content is not of an accepted type, whatever its name or label'),
};

/** Sends a document's bytes with the headers of a download. */
function sendDownload(
  reply: FastifyReply,
  { document, content }: DocumentDownload,
  disposition: 'attachment' | 'inline',
  cacheControl: string,
) {
  return reply
    .header('content-type', document.contentType)
    .header('content-length', String(document.byteSize))
    .header(
      'content-disposition',
      // Plain ASCII in `filename` (older clients), the exact name in `filename*` (RFC 6266).
      contentDisposition(document.fileName, {
        type: disposition,
        fallback: document.fileName.replace(/[^\x20-\x7e]/g, '?'),
      }),
    )
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('etag', `"${document.sha256}"`)
    .send(content);
}

const BINARY_RESPONSE = (description: string) => ({
  description,
  content: Object.fromEntries(
    ['application/pdf', 'image/png', 'image/jpeg'].map((type) => [
      type,
      { schema: { type: 'string', format: 'binary', maxLength: MAX_DOCUMENT_BYTES } },
    ]),
  ),
});

export function documentRoutes(documents: DocumentService): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Uploads: raw bytes up to 10 MiB, read by Fastify only up to that limit (then 413); every
    // other route keeps the JSON parser and the global 64 KiB limit.
    await app.register(async (scope) => {
      const uploads = scope.withTypeProvider<TypeBoxTypeProvider>();
      uploads.removeAllContentTypeParsers();
      uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
        done(null, body),
      );
      const upload = { bodyLimit: MAX_DOCUMENT_BYTES };

      uploads.post(
        '/results/:id/documents',
        {
          ...upload,
          config: {
            access: { roles: ['doctor', 'staff'] },
            patientData: documentData('document.upload'),
          },
          schema: {
            tags: ['documents'],
            operationId: 'uploadReportDocument',
            summary: 'Attach a PDF or image to a diagnostic report',
            description:
              'The body is the file itself (at most 10 MiB); its type is decided from its ' +
              'content, never from its name or Content-Type. Staff of the report’s location ' +
              'or its ordering doctor; any other report answers 404.',
            consumes: UPLOAD_MEDIA_TYPES,
            params: IdParams,
            querystring: UploadDocumentQuery,
            body: DocumentBytes,
            response: { 201: Document, ...uploadResponses },
          },
        },
        async (request, reply) => {
          const created = await documents.uploadToReport(actorOf(request), request.params.id, {
            bytes: request.body as Buffer,
            fileName: request.query.fileName,
          });
          return reply
            .code(201)
            .header('location', `/api/v1/documents/${created.id}`)
            .send(created);
        },
      );

      uploads.put(
        '/doctors/:id/photo',
        {
          ...upload,
          config: { access: { roles: ['admin', 'doctor'] } },
          schema: {
            tags: ['directory'],
            operationId: 'setDoctorPhoto',
            summary: 'Upload a doctor’s photo (PNG or JPEG)',
            description:
              'An admin, or the doctor themself. The body is the image itself (at most 10 MiB), ' +
              'its type decided from its content. Replaces the current photo; the directory ' +
              'then shows `/api/v1/doctors/{id}/photo` as the doctor’s `photoUrl`.',
            consumes: UPLOAD_MEDIA_TYPES,
            params: IdParams,
            querystring: UploadDocumentQuery,
            body: DocumentBytes,
            response: { 200: Document, ...uploadResponses },
          },
        },
        (request) =>
          documents.uploadDoctorPhoto(actorOf(request), request.params.id, {
            bytes: request.body as Buffer,
            fileName: request.query.fileName,
          }),
      );

      uploads.post(
        '/imports/result-documents',
        {
          ...upload,
          config: { access: AdminOnly, patientData: documentData('document.import') },
          schema: {
            tags: ['documents'],
            operationId: 'importResultDocument',
            summary: 'Import a past result document from a previous system',
            description:
              'Creates a final, released diagnostic report marked `imported` for the patient, ' +
              'dated `resultDate`, with the file attached (also marked `imported`). One file ' +
              'per request: each is accepted (201) or refused with its reason (a problem), so ' +
              'nothing is silently dropped.',
            consumes: UPLOAD_MEDIA_TYPES,
            querystring: ImportResultDocumentQuery,
            body: DocumentBytes,
            response: { 201: ImportedResultDocument, ...uploadResponses },
          },
        },
        async (request, reply) => {
          const imported = await documents.importResultDocument(actorOf(request), request.query, {
            bytes: request.body as Buffer,
          });
          return reply
            .code(201)
            .header('location', `/api/v1/documents/${imported.document.id}`)
            .send(imported);
        },
      );
    });

    app.get(
      '/documents/:id',
      {
        config: {
          access: { roles: ['patient', 'doctor', 'staff'] },
          patientData: documentData('document.read', ['resourceId']),
        },
        schema: {
          tags: ['documents'],
          operationId: 'getDocument',
          summary: 'A report document’s metadata',
          description: notVisible,
          params: IdParams,
          response: { 200: Document },
        },
      },
      (request) => documents.get(actorOf(request), request.params.id),
    );

    app.get(
      '/documents/:id/content',
      {
        config: {
          access: { roles: ['patient', 'doctor', 'staff'] },
          patientData: documentData('document.download', ['resourceId']),
        },
        schema: {
          tags: ['documents'],
          operationId: 'downloadDocument',
          summary: 'Download a report document',
          description: `Sent as an attachment with its sniffed type, never cached. ${notVisible}`,
          params: IdParams,
          response: { 200: BINARY_RESPONSE('The file’s bytes') },
        },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await documents.download(actorOf(request), request.params.id),
          'attachment',
          'no-store',
        ),
    );

    app.get(
      '/doctors/:id/photo',
      {
        config: { access: Public },
        schema: {
          tags: ['directory'],
          operationId: 'getDoctorPhoto',
          summary: 'A doctor’s uploaded photo',
          description: 'Directory content, public. 404 when the doctor has no uploaded photo.',
          params: IdParams,
          response: { 200: BINARY_RESPONSE('The photo’s bytes') },
        },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await documents.doctorPhoto(request.params.id),
          'inline',
          'public, max-age=300',
        ),
    );
  };
}
