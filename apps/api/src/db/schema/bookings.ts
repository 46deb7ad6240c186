import { sql } from 'drizzle-orm';
import {
  char,
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { diagnosticLocations, doctors, locations } from './directory.js';
import { patients } from './identity.js';

/**
 * A patient's appointment with a doctor, or for a diagnostic at a diagnostic location, from
 * start_at to end_at. No double booking is enforced by exclusion constraints (migration
 * 0005_booking_exclusion): among rows in an occupying status (db/occupancy.ts: held, booked, checked_in,
 * completed) a doctor's time ranges, a patient's, and each capacity unit of a diagnostic
 * location never overlap. A hold is a row in status `held` with an expiry: writers release
 * expired overlapping holds in their own transaction, so no background job is needed.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: id(),
    patientId: uuid('patient_id').notNull(),
    locationId: uuid('location_id').notNull(),
    doctorId: uuid('doctor_id'),
    diagnosticLocationId: uuid('diagnostic_location_id'),
    // Diagnostics run in parallel up to their capacity: each booking takes one numbered unit.
    capacityUnit: smallint('capacity_unit'),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    // The patient's reason for the visit, as given when booking or holding: patient data, never logged.
    reason: varchar('reason', { length: 1000 }),
    // Compare-and-swap token for status changes: every change bumps it.
    // `version` names compare-and-swap counters only; `revision` is reserved for immutable history.
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'bookings_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'bookings_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'bookings_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'bookings_diagnostic_location_fk',
      columns: [t.diagnosticLocationId],
      foreignColumns: [diagnosticLocations.id],
    }).onDelete('restrict'),
    index('bookings_patient_idx').on(t.patientId, t.startAt),
    index('bookings_location_idx').on(t.locationId, t.startAt),
    check(
      'bookings_status_check',
      sql`${t.status} IN ('held', 'booked', 'checked_in', 'completed', 'cancelled', 'no_show', 'expired')`,
    ),
    check('bookings_period_check', sql`${t.endAt} > ${t.startAt}`),
    check(
      'bookings_subject_check',
      sql`(${t.doctorId} IS NULL) <> (${t.diagnosticLocationId} IS NULL)`,
    ),
    check(
      'bookings_capacity_unit_check',
      sql`(${t.diagnosticLocationId} IS NULL) = (${t.capacityUnit} IS NULL) AND (${t.capacityUnit} IS NULL OR ${t.capacityUnit} >= 1)`,
    ),
    check('bookings_hold_check', sql`(${t.status} = 'held') = (${t.holdExpiresAt} IS NOT NULL)`),
    check('bookings_price_check', sql`${t.price} >= 0`),
  ],
);

export type BookingRow = typeof bookings.$inferSelect;
