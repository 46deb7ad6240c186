import type { DocumentView } from '@medsync/contracts';
import { fileTypeFromBuffer } from 'file-type';

export type DocumentContentType = DocumentView['contentType'];

const ALLOWED: Record<string, { type: DocumentContentType; extension: string }> = {
  'application/pdf': { type: 'application/pdf', extension: 'pdf' },
  'image/png': { type: 'image/png', extension: 'png' },
  'image/jpeg': { type: 'image/jpeg', extension: 'jpg' },
};

/**
 * The document type of `bytes`, decided from their content by `file-type`'s signatures (never
 * from a name or a declared type), or null when they are none of PDF, PNG or JPEG. SVG, HTML and
 * text have no signature it recognises as these, so they are refused whatever they are called.
 */
export async function sniffDocumentType(
  bytes: Uint8Array,
): Promise<{ type: DocumentContentType; extension: string } | null> {
  const found = await fileTypeFromBuffer(bytes);
  return (found && ALLOWED[found.mime]) ?? null;
}
