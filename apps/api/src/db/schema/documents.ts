import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  customType,
  foreignKey,
  index,
  pgTable,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { doctors } from './directory.js';
import { accounts, patients } from './identity.js';
import { diagnosticReports } from './results.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A stored file: a PDF or image attached to a diagnostic report (`report_id` is the report's
 * lineage id, so a document stays with the report across revisions), or a doctor's photo for the
 * directory. The bytes live behind a storage interface (`storage`: 'database' keeps them in
 * `document_contents`, 'filesystem' under a directory, `storage_key` names them there); the
 * content type is sniffed from the bytes. No signed URL is ever stored.
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    kind: varchar('kind', { length: 16 }).notNull(),
    reportId: uuid('report_id'),
    patientId: uuid('patient_id'),
    doctorId: uuid('doctor_id'),
    fileName: varchar('file_name', { length: 255 }).notNull(),
    contentType: varchar('content_type', { length: 64 }).notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    storage: varchar('storage', { length: 16 }).notNull(),
    storageKey: varchar('storage_key', { length: 255 }).notNull(),
    // 'uploaded' here, or 'imported' from a previous system.
    source: varchar('source', { length: 16 }).notNull().default('uploaded'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
    // Set when a document is replaced (a doctor's new photo); documents of reports never are.
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'documents_report_fk',
      columns: [t.reportId],
      foreignColumns: [diagnosticReports.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'documents_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'documents_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'documents_uploader_fk',
      columns: [t.uploadedBy],
      foreignColumns: [accounts.id],
    }).onDelete('restrict'),
    index('documents_report_idx').on(t.reportId),
    index('documents_doctor_idx').on(t.doctorId),
    // One current photo per doctor: replacing one retires the old row in the same transaction.
    uniqueIndex('documents_doctor_photo_current_idx')
      .on(t.doctorId)
      .where(sql`${t.kind} = 'doctor-photo' AND ${t.retiredAt} IS NULL`),
    check('documents_kind_check', sql`${t.kind} IN ('report', 'doctor-photo')`),
    check(
      'documents_owner_check',
      sql`(${t.kind} = 'report' AND ${t.reportId} IS NOT NULL AND ${t.patientId} IS NOT NULL AND ${t.doctorId} IS NULL)
        OR (${t.kind} = 'doctor-photo' AND ${t.doctorId} IS NOT NULL AND ${t.reportId} IS NULL AND ${t.patientId} IS NULL)`,
    ),
    check(
      'documents_content_type_check',
      sql`${t.contentType} IN ('application/pdf', 'image/png', 'image/jpeg')`,
    ),
    check('documents_size_check', sql`${t.byteSize} BETWEEN 1 AND 10485760`),
    check('documents_storage_check', sql`${t.storage} IN ('database', 'filesystem')`),
    check('documents_source_check', sql`${t.source} IN ('uploaded', 'imported')`),
  ],
);

/** The bytes of documents kept by the database-backed storage (the default). */
export const documentContents = pgTable('document_contents', {
  storageKey: varchar('storage_key', { length: 255 }).primaryKey(),
  content: bytea('content').notNull(),
  createdAt: createdAt(),
});

export type DocumentRow = typeof documents.$inferSelect;
