import { createHash } from 'node:crypto';
import type { Database } from '../../src/db/client.js';
import { diagnosticReports, documentContents, documents } from '../../src/db/schema/index.js';
import { newId } from '../../src/shared/ids.js';

// Files of each accepted type, and reports to attach them to, for the documents module's tests.

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of a JPEG (SOI, APP0 JFIF): enough for its signature. */
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
/** A small PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

export interface ReportOptions {
  patientId: string;
  locationId: string;
  bookingId: string;
  authorAccountId: string;
  orderingDoctorId?: string | null;
  /** Released to the patient (default false: held for review). */
  released?: boolean;
}

/** A report's first revision, straight into the table (the results module writes them for real). */
export async function makeReport(db: Database, options: ReportOptions): Promise<string> {
  const id = newId();
  const { released = false, ...refs } = options;
  await db.insert(diagnosticReports).values({
    id,
    lineageId: id,
    revision: 1,
    status: 'final',
    title: 'Blood count',
    ...refs,
    ...(released ? { releasedAt: new Date(), releasedBy: options.authorAccountId } : {}),
  });
  return id;
}

/** A released report with one PDF document, the bytes in the database storage: the document's id. */
export async function makeReportDocument(db: Database, options: ReportOptions): Promise<string> {
  const reportId = await makeReport(db, { released: true, ...options });
  const storageKey = newId();
  await db.insert(documentContents).values({ storageKey, content: PDF });
  const [row] = await db
    .insert(documents)
    .values({
      kind: 'report',
      reportId,
      patientId: options.patientId,
      fileName: 'result.pdf',
      contentType: 'application/pdf',
      byteSize: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      storage: 'database',
      storageKey,
      uploadedBy: options.authorAccountId,
    })
    .returning({ id: documents.id });
  return row!.id;
}
