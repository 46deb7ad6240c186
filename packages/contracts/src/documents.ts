import { type Static, Type } from 'typebox';
import { Instant, LocalDate, Name, Nullable, Uuid } from './common.js';

/** The types an upload may be, decided from its content (never from its name or declared type). */
export const DocumentContentType = Type.Enum(['application/pdf', 'image/png', 'image/jpeg']);
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A file name as shown to people: no path separators or control characters. */
const FileName = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[^/\\\\\\u0000-\\u001f\\u007f]+$',
  description: 'The name the file is offered under when downloaded; never used to store it',
  examples: ['blood-count-2026-03-01.pdf'],
});

export const Document = Type.Object(
  {
    id: Uuid,
    kind: Type.Enum(['report', 'doctor-photo']),
    reportId: Nullable(Uuid),
    fileName: FileName,
    contentType: DocumentContentType,
    byteSize: Type.Integer({ format: 'int32', minimum: 1, maximum: MAX_DOCUMENT_BYTES }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64 }),
    source: Type.Enum(['uploaded', 'imported']),
    createdAt: Instant,
    contentUrl: Type.String({
      maxLength: 200,
      description: 'Where the bytes are downloaded (with the same credentials)',
    }),
  },
  { title: 'Document' },
);

/**
 * An upload's body: the file's bytes as they are (`application/octet-stream`, or the type the
 * client believes it has); the server decides the type from the content.
 */
export const DocumentBytes = Type.Unsafe<Uint8Array>({
  type: 'string',
  format: 'binary',
  maxLength: MAX_DOCUMENT_BYTES,
  description: 'The file’s bytes: a PDF, PNG or JPEG of at most 10 MiB',
});

export const UploadDocumentQuery = Type.Object(
  { fileName: Type.Optional(FileName) },
  { additionalProperties: false },
);

export const ImportResultDocumentQuery = Type.Object(
  {
    patientId: Uuid,
    locationId: Uuid,
    title: Name(200),
    resultDate: LocalDate('2024-11-05'),
    fileName: Type.Optional(FileName),
  },
  { additionalProperties: false },
);

export const ImportedResultDocument = Type.Object(
  {
    reportId: Uuid,
    document: Document,
  },
  { title: 'ImportedResultDocument' },
);

export type DocumentView = Static<typeof Document>;
export type UploadDocumentInput = Static<typeof UploadDocumentQuery>;
export type ImportResultDocumentInput = Static<typeof ImportResultDocumentQuery>;
export type ImportedResultDocumentView = Static<typeof ImportedResultDocument>;
