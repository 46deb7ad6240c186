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

/**
 * A diagnostic report: what a diagnostic booking (or a doctor's visit that ordered a test)
 * produced. Immutable revisions (trigger `clinical_record_guard`, migration 0008): a correction
 * or amendment is a new row with `replaces_id` → the row it retires, `lineage_id` the id of the
 * first revision (so a report keeps one id however often it is revised), and the old row gets
 * `superseded_at`. At most one current row per lineage (partial unique index).
 *
 * Release (`released_at`/`released_by`) and critical acknowledgment are set once on a revision;
 * a revision of a released report is written released.
 */
export const diagnosticReports = pgTable(
  'diagnostic_reports',
  {
    id: id(),
    lineageId: uuid('lineage_id').notNull(),
    revision: integer('revision').notNull(),
    replacesId: uuid('replaces_id'),
    patientId: uuid('patient_id').notNull(),
    // Null only for a report imported from a previous system (no booking of ours produced it).
    bookingId: uuid('booking_id'),
    locationId: uuid('location_id').notNull(),
    // The doctor who ordered the test (a doctor's visit), or null for a booked diagnostic.
    orderingDoctorId: uuid('ordering_doctor_id'),
    status: varchar('status', { length: 24 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    summary: text('summary'),
    // Why this revision was written (required from the second revision on).
    revisionReason: varchar('revision_reason', { length: 500 }),
    authorAccountId: uuid('author_account_id').notNull(),
    // 'recorded' here, or 'imported' from a previous system.
    source: varchar('source', { length: 16 }).notNull().default('recorded'),
    // The date of the original result, for an imported report (its rows date from the import).
    resultDate: date('result_date', { mode: 'string' }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedBy: uuid('released_by'),
    criticalAcknowledgedAt: timestamp('critical_acknowledged_at', { withTimezone: true }),
    criticalAcknowledgedBy: uuid('critical_acknowledged_by'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'diagnostic_reports_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_booking_fk',
      columns: [t.bookingId],
      foreignColumns: [bookings.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_ordering_doctor_fk',
      columns: [t.orderingDoctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_lineage_fk',
      columns: [t.lineageId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_replaces_fk',
      columns: [t.replacesId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_reports_author_fk',
      columns: [t.authorAccountId],
      foreignColumns: [accounts.id],
    }).onDelete('restrict'),
    uniqueIndex('diagnostic_reports_current_idx')
      .on(t.lineageId)
      .where(sql`${t.supersededAt} IS NULL`),
    uniqueIndex('diagnostic_reports_revision_idx').on(t.lineageId, t.revision),
    index('diagnostic_reports_patient_idx').on(t.patientId, t.createdAt),
    index('diagnostic_reports_booking_idx').on(t.bookingId),
    check(
      'diagnostic_reports_status_check',
      sql`${t.status} IN ('registered', 'preliminary', 'final', 'amended', 'corrected', 'entered-in-error')`,
    ),
    check('diagnostic_reports_source_check', sql`${t.source} IN ('recorded', 'imported')`),
    check(
      'diagnostic_reports_booking_check',
      sql`${t.source} = 'imported' OR ${t.bookingId} IS NOT NULL`,
    ),
    check('diagnostic_reports_revision_check', sql`${t.revision} >= 1`),
    check(
      'diagnostic_reports_first_revision_check',
      sql`(${t.revision} = 1) = (${t.replacesId} IS NULL) AND (${t.revision} > 1 OR ${t.lineageId} = ${t.id})`,
    ),
    check(
      'diagnostic_reports_reason_check',
      sql`${t.revision} = 1 OR ${t.revisionReason} IS NOT NULL`,
    ),
    check(
      'diagnostic_reports_release_check',
      sql`(${t.releasedAt} IS NULL) = (${t.releasedBy} IS NULL)`,
    ),
  ],
);

/**
 * One structured value of a report revision. Each stores the reference range it was judged
 * against, so the report stays reproducible when a test's definition changes; `interpretation`
 * (N, L, H, LL, HH, A) is computed by the server, never taken from the client.
 */
export const observations = pgTable(
  'observations',
  {
    id: id(),
    reportId: uuid('report_id').notNull(),
    position: smallint('position').notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    loincCode: varchar('loinc_code', { length: 16 }),
    valueQuantity: numeric('value_quantity', { precision: 18, scale: 6 }),
    unit: varchar('unit', { length: 32 }),
    valueText: varchar('value_text', { length: 2000 }),
    rangeLow: numeric('range_low', { precision: 18, scale: 6 }),
    rangeHigh: numeric('range_high', { precision: 18, scale: 6 }),
    rangeText: varchar('range_text', { length: 200 }),
    rangeSex: varchar('range_sex', { length: 16 }),
    rangeAgeMin: smallint('range_age_min'),
    rangeAgeMax: smallint('range_age_max'),
    criticalLow: numeric('critical_low', { precision: 18, scale: 6 }),
    criticalHigh: numeric('critical_high', { precision: 18, scale: 6 }),
    interpretation: varchar('interpretation', { length: 2 }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'observations_report_fk',
      columns: [t.reportId],
      foreignColumns: [diagnosticReports.id],
    }).onDelete('restrict'),
    uniqueIndex('observations_position_idx').on(t.reportId, t.position),
    check(
      'observations_interpretation_check',
      sql`${t.interpretation} IS NULL OR ${t.interpretation} IN ('N', 'L', 'H', 'LL', 'HH', 'A')`,
    ),
    check(
      'observations_value_check',
      sql`(${t.valueQuantity} IS NULL) <> (${t.valueText} IS NULL)`,
    ),
    check('observations_unit_check', sql`${t.unit} IS NULL OR ${t.valueQuantity} IS NOT NULL`),
  ],
);

export type DiagnosticReportRow = typeof diagnosticReports.$inferSelect;
export type ObservationRow = typeof observations.$inferSelect;
