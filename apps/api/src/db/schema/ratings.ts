import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  smallint,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookings } from './bookings.js';
import { createdAt, id, updatedAt } from './columns.js';
import { doctors, locations } from './directory.js';
import { accounts, patients } from './identity.js';

/**
 * A doctor's 1–5 star rating. `verified`: a patient's, for their own completed doctor booking,
 * one per booking (unique booking_id). `imported`: history from a previous system, with no
 * booking or patient, once per external id. The doctor's aggregates (`doctors.rating_sum/count`
 * for verified, `imported_rating_sum/count` for imported) change in the same transaction as each
 * row, by relative updates. `location_id` (the visit's, or the doctor's at import) is whose staff
 * moderate the comment, and the row's distribution key beside the doctor.
 */
export const doctorRatings = pgTable(
  'doctor_ratings',
  {
    id: id(),
    doctorId: uuid('doctor_id').notNull(),
    locationId: uuid('location_id').notNull(),
    source: varchar('source', { length: 16 }).notNull(),
    bookingId: uuid('booking_id'),
    patientId: uuid('patient_id'),
    externalId: varchar('external_id', { length: 128 }),
    stars: smallint('stars').notNull(),
    comment: varchar('comment', { length: 2000 }),
    // A hidden comment stays stored for its author and staff; the public list shows it as null.
    commentHiddenAt: timestamp('comment_hidden_at', { withTimezone: true }),
    commentHiddenBy: uuid('comment_hidden_by'),
    // When the patient rated (the app's clock), or when the previous system says they did.
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
    // When its author last changed stars or comment.
    editedAt: timestamp('edited_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'doctor_ratings_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'doctor_ratings_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'doctor_ratings_booking_fk',
      columns: [t.bookingId],
      foreignColumns: [bookings.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'doctor_ratings_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'doctor_ratings_hidden_by_fk',
      columns: [t.commentHiddenBy],
      foreignColumns: [accounts.id],
    }).onDelete('restrict'),
    uniqueIndex('doctor_ratings_booking_key').on(t.bookingId),
    uniqueIndex('doctor_ratings_external_key')
      .on(t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
    index('doctor_ratings_doctor_idx').on(t.doctorId, t.ratedAt.desc(), t.id.desc()),
    index('doctor_ratings_patient_idx').on(t.patientId),
    check('doctor_ratings_stars_check', sql`${t.stars} BETWEEN 1 AND 5`),
    check('doctor_ratings_source_check', sql`${t.source} IN ('verified', 'imported')`),
    check(
      'doctor_ratings_provenance_check',
      sql`CASE ${t.source} WHEN 'verified' THEN ${t.bookingId} IS NOT NULL AND ${t.patientId} IS NOT NULL AND ${t.externalId} IS NULL ELSE ${t.bookingId} IS NULL AND ${t.patientId} IS NULL END`,
    ),
    check(
      'doctor_ratings_hidden_check',
      sql`(${t.commentHiddenAt} IS NULL) = (${t.commentHiddenBy} IS NULL)`,
    ),
  ],
);

export type DoctorRatingRow = typeof doctorRatings.$inferSelect;
