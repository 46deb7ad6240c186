import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookings } from './bookings.js';
import { createdAt, id } from './columns.js';
import { doctors, locations } from './directory.js';
import { accounts, patients } from './identity.js';

/**
 * A prescription written by the doctor of a visit (a checked-in or completed doctor booking).
 * Each row is one immutable revision (trigger `clinical_record_guard('superseded_at')`): a
 * content correction or a status change is a new row with `replaces_id` → the row it retires,
 * `lineage_id` the id of the first revision (the prescription's id in the API), and the old row
 * gets `superseded_at`, in one transaction. At most one current row per lineage (partial unique
 * index). The authorised total is `quantity × (1 + repeats)`; what remains is that minus the
 * dispensations the pharmacy will record against the lineage.
 */
export const prescriptions = pgTable(
  'prescriptions',
  {
    id: id(),
    lineageId: uuid('lineage_id').notNull(),
    revision: integer('revision').notNull(),
    replacesId: uuid('replaces_id'),
    patientId: uuid('patient_id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    doctorId: uuid('doctor_id').notNull(),
    locationId: uuid('location_id').notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    // 'created', 'revised' (content) or 'status-changed': what this revision did.
    change: varchar('change', { length: 16 }).notNull(),
    medicationName: varchar('medication_name', { length: 200 }).notNull(),
    medicationStrength: varchar('medication_strength', { length: 100 }).notNull(),
    medicationForm: varchar('medication_form', { length: 60 }).notNull(),
    dose: varchar('dose', { length: 100 }).notNull(),
    route: varchar('route', { length: 60 }).notNull(),
    frequency: varchar('frequency', { length: 100 }).notNull(),
    durationDays: smallint('duration_days').notNull(),
    quantity: numeric('quantity', { precision: 10, scale: 3 }).notNull(),
    quantityUnit: varchar('quantity_unit', { length: 32 }).notNull(),
    repeats: smallint('repeats').notNull(),
    // Local dates in the location's zone, both inclusive.
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until').notNull(),
    instructions: varchar('instructions', { length: 1000 }).notNull(),
    notes: varchar('notes', { length: 2000 }),
    // Why this revision was written: required from the second revision on.
    reason: varchar('reason', { length: 500 }),
    authorAccountId: uuid('author_account_id').notNull(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'prescriptions_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_booking_fk',
      columns: [t.bookingId],
      foreignColumns: [bookings.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_lineage_fk',
      columns: [t.lineageId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_replaces_fk',
      columns: [t.replacesId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'prescriptions_author_fk',
      columns: [t.authorAccountId],
      foreignColumns: [accounts.id],
    }).onDelete('restrict'),
    uniqueIndex('prescriptions_current_idx').on(t.lineageId).where(sql`${t.supersededAt} IS NULL`),
    uniqueIndex('prescriptions_revision_idx').on(t.lineageId, t.revision),
    index('prescriptions_patient_idx').on(t.patientId, t.lineageId),
    index('prescriptions_booking_idx').on(t.bookingId),
    check(
      'prescriptions_status_check',
      sql`${t.status} IN ('active', 'on-hold', 'completed', 'cancelled', 'stopped', 'entered-in-error')`,
    ),
    check(
      'prescriptions_change_check',
      sql`${t.change} IN ('created', 'revised', 'status-changed')`,
    ),
    check('prescriptions_revision_check', sql`${t.revision} BETWEEN 1 AND 200`),
    check(
      'prescriptions_first_revision_check',
      sql`(${t.revision} = 1) = (${t.replacesId} IS NULL)
        AND (${t.revision} = 1) = (${t.change} = 'created')
        AND (${t.revision} > 1 OR ${t.lineageId} = ${t.id})
        AND (${t.revision} = 1 OR ${t.reason} IS NOT NULL)`,
    ),
    check('prescriptions_quantity_check', sql`${t.quantity} > 0`),
    check('prescriptions_repeats_check', sql`${t.repeats} BETWEEN 0 AND 12`),
    check('prescriptions_duration_check', sql`${t.durationDays} BETWEEN 1 AND 366`),
    check(
      'prescriptions_validity_check',
      sql`${t.validUntil} >= ${t.validFrom} AND ${t.validUntil} <= ${t.validFrom} + 366`,
    ),
  ],
);

export type PrescriptionRow = typeof prescriptions.$inferSelect;
