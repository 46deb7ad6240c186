import { createHash } from 'node:crypto';
import type { DocumentView } from '@medsync/contracts';
import type { DocumentRow } from '../../db/schema/index.js';
import { UnsupportedMediaType } from '../../shared/errors.js';
import { sniffDocumentType } from './sniff.js';

/** An uploaded file as the transport received it: bytes (at most the route's limit) and a name. */
export interface Upload {
  bytes: Buffer;
  fileName?: string | undefined;
}

export const presentDocument = (row: DocumentRow): DocumentView => ({
  id: row.id,
  kind: row.kind as DocumentView['kind'],
  reportId: row.reportId,
  fileName: row.fileName,
  contentType: row.contentType as DocumentView['contentType'],
  byteSize: row.byteSize,
  sha256: row.sha256,
  source: row.source as DocumentView['source'],
  createdAt: row.createdAt.toISOString(),
  contentUrl:
    row.kind === 'doctor-photo'
      ? `/api/v1/doctors/${row.doctorId}/photo`
      : `/api/v1/documents/${row.id}/content`,
});

/** The checked bytes of an upload, before anything is stored. */
export interface CheckedUpload {
  bytes: Buffer;
  fileName: string;
  contentType: DocumentView['contentType'];
  sha256: string;
}

export const PHOTO_TYPES: readonly DocumentView['contentType'][] = ['image/png', 'image/jpeg'];
const REPORT_TYPES: readonly DocumentView['contentType'][] = [...PHOTO_TYPES, 'application/pdf'];

/** Decides the type from the bytes (415 unless one of `allowed`) and fixes the name offered. */
export async function checkUpload(
  upload: Upload,
  defaultName: string,
  allowed = REPORT_TYPES,
): Promise<CheckedUpload> {
  const sniffed = await sniffDocumentType(upload.bytes);
  if (!sniffed || !allowed.includes(sniffed.type)) {
    throw new UnsupportedMediaType(
      'unsupported-document-type',
      allowed.includes('application/pdf')
        ? 'The content is not a PDF, PNG or JPEG file'
        : 'The content is not a PNG or JPEG image',
    );
  }
  return {
    bytes: upload.bytes,
    fileName: upload.fileName ?? `${defaultName}.${sniffed.extension}`,
    contentType: sniffed.type,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
  };
}
