import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookings } from './bookings.js';
import { createdAt, id } from './columns.js';
import { doctors, locations } from './directory.js';
import { accounts, patients } from './identity.js';

/** A diagnosis as a visit note stores it: the doctor's words and, if given, its ICD-10 code. */
export interface StoredDiagnosis {
  text: string;
  code: string | null;
}

/**
 * The clinical note and diagnoses a doctor writes for a visit (a checked-in or completed doctor
 * booking). One note per booking, kept as immutable revisions (trigger `clinical_record_guard`,
 * migration `visit_note_triggers`): a correction is a new row with `replaces_id` → the row it
 * retires and `lineage_id` the id of the first revision (the note's id in the API); the old row
 * gets `superseded_at`. At most one current row per lineage, one lineage per booking (partial
 * unique indexes).
 */
export const visitNotes = pgTable(
  'visit_notes',
  {
    id: id(),
    lineageId: uuid('lineage_id').notNull(),
    revision: integer('revision').notNull(),
    replacesId: uuid('replaces_id'),
    bookingId: uuid('booking_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    doctorId: uuid('doctor_id').notNull(),
    locationId: uuid('location_id').notNull(),
    note: text('note').notNull(),
    diagnoses: jsonb('diagnoses').$type<StoredDiagnosis[]>().notNull(),
    // Why this revision was written (required from the second revision on).
    revisionReason: varchar('revision_reason', { length: 500 }),
    authorAccountId: uuid('author_account_id').notNull(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'visit_notes_booking_fk',
      columns: [t.bookingId],
      foreignColumns: [bookings.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_lineage_fk',
      columns: [t.lineageId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_replaces_fk',
      columns: [t.replacesId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'visit_notes_author_fk',
      columns: [t.authorAccountId],
      foreignColumns: [accounts.id],
    }).onDelete('restrict'),
    uniqueIndex('visit_notes_current_idx').on(t.lineageId).where(sql`${t.supersededAt} IS NULL`),
    uniqueIndex('visit_notes_revision_idx').on(t.lineageId, t.revision),
    uniqueIndex('visit_notes_booking_idx').on(t.bookingId).where(sql`${t.revision} = 1`),
    index('visit_notes_patient_idx').on(t.patientId),
    check('visit_notes_revision_check', sql`${t.revision} >= 1`),
    check(
      'visit_notes_first_revision_check',
      sql`(${t.revision} = 1) = (${t.replacesId} IS NULL) AND (${t.revision} > 1 OR ${t.lineageId} = ${t.id})`,
    ),
    check('visit_notes_reason_check', sql`${t.revision} = 1 OR ${t.revisionReason} IS NOT NULL`),
    check('visit_notes_note_check', sql`char_length(${t.note}) BETWEEN 1 AND 10000`),
    check('visit_notes_diagnoses_check', sql`jsonb_typeof(${t.diagnoses}) = 'array'`),
  ],
);

export type VisitNoteRow = typeof visitNotes.$inferSelect;
