import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { newId } from '../shared/ids.js';

// One Drizzle schema for the whole service. Every constraint and index is named so that
// migrations read like code and errors can be mapped by constraint name.

const id = () => uuid('id').primaryKey().$defaultFn(newId);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
const active = () => boolean('active').notNull().default(true);

export const specialties = pgTable(
  'specialties',
  {
    id: id(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    active: active(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('specialties_name_key').on(sql`lower(${t.name})`)],
);

export const locations = pgTable(
  'locations',
  {
    id: id(),
    name: varchar('name', { length: 128 }).notNull(),
    address: varchar('address', { length: 256 }).notNull(),
    phone: varchar('phone', { length: 32 }).notNull(),
    timeZone: varchar('time_zone', { length: 64 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    active: active(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('locations_name_key').on(sql`lower(${t.name})`),
    check('locations_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** Opening intervals in local wall-clock time; closes_at <= opens_at means it closes the next day. */
export const workingHours = pgTable(
  'working_hours',
  {
    id: id(),
    locationId: uuid('location_id').notNull(),
    weekday: smallint('weekday').notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
  },
  (t) => [
    foreignKey({
      name: 'working_hours_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('cascade'),
    index('working_hours_location_idx').on(t.locationId, t.weekday, t.opensAt),
    check('working_hours_weekday_check', sql`${t.weekday} BETWEEN 1 AND 7`),
    check('working_hours_interval_check', sql`${t.opensAt} <> ${t.closesAt}`),
  ],
);

export const doctors = pgTable(
  'doctors',
  {
    id: id(),
    locationId: uuid('location_id').notNull(),
    specialtyId: uuid('specialty_id').notNull(),
    fullName: varchar('full_name', { length: 128 }).notNull(),
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    photoUrl: varchar('photo_url', { length: 256 }),
    experience: text('experience'),
    certificates: text('certificates'),
    services: text('services'),
    appointmentMinutes: smallint('appointment_minutes').notNull().default(30),
    // Maintained by the ratings module in the same transaction as each rating.
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    active: active(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'doctors_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'doctors_specialty_fk',
      columns: [t.specialtyId],
      foreignColumns: [specialties.id],
    }).onDelete('restrict'),
    index('doctors_location_idx').on(t.locationId),
    index('doctors_specialty_idx').on(t.specialtyId),
    index('doctors_name_idx').on(t.fullName, t.id),
    index('doctors_price_idx').on(t.price, t.id),
    check('doctors_price_check', sql`${t.price} >= 0`),
    check('doctors_appointment_minutes_check', sql`${t.appointmentMinutes} BETWEEN 5 AND 480`),
    check(
      'doctors_rating_check',
      sql`${t.ratingCount} >= 0 AND ${t.ratingSum} BETWEEN ${t.ratingCount} AND 5 * ${t.ratingCount}`,
    ),
  ],
);

export const diagnostics = pgTable(
  'diagnostics',
  {
    id: id(),
    name: varchar('name', { length: 128 }).notNull(),
    description: text('description'),
    preparation: text('preparation'),
    durationMinutes: smallint('duration_minutes').notNull(),
    active: active(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('diagnostics_name_key').on(sql`lower(${t.name})`),
    check('diagnostics_duration_check', sql`${t.durationMinutes} BETWEEN 5 AND 480`),
  ],
);

export const diagnosticLocations = pgTable(
  'diagnostic_locations',
  {
    id: id(),
    diagnosticId: uuid('diagnostic_id').notNull(),
    locationId: uuid('location_id').notNull(),
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    capacity: smallint('capacity').notNull().default(1),
    active: active(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'diagnostic_locations_diagnostic_fk',
      columns: [t.diagnosticId],
      foreignColumns: [diagnostics.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'diagnostic_locations_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    uniqueIndex('diagnostic_locations_pair_key').on(t.diagnosticId, t.locationId),
    index('diagnostic_locations_location_idx').on(t.locationId),
    check('diagnostic_locations_price_check', sql`${t.price} >= 0`),
    check('diagnostic_locations_capacity_check', sql`${t.capacity} BETWEEN 1 AND 100`),
  ],
);

export type SpecialtyRow = typeof specialties.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type WorkingHoursRow = typeof workingHours.$inferSelect;
export type DoctorRow = typeof doctors.$inferSelect;
export type DiagnosticRow = typeof diagnostics.$inferSelect;
export type DiagnosticLocationRow = typeof diagnosticLocations.$inferSelect;

// ── Identity ────────────────────────────────────────────────────────────────────────────────

/** The seeds' "users": the people who book and receive care. Clinical data hangs off them. */
export const patients = pgTable(
  'patients',
  {
    id: id(),
    fullName: varchar('full_name', { length: 128 }).notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    sex: varchar('sex', { length: 16 }).notNull(),
    phone: varchar('phone', { length: 32 }),
    email: varchar('email', { length: 254 }),
    // Set when staff register a patient at the desk: that location's staff may then serve them.
    registeredAtLocationId: uuid('registered_at_location_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'patients_registered_location_fk',
      columns: [t.registeredAtLocationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    check('patients_sex_check', sql`${t.sex} IN ('female', 'male', 'other', 'unknown')`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    email: varchar('email', { length: 254 }).notNull(),
    passwordHash: text('password_hash').notNull(),
    role: varchar('role', { length: 16 }).notNull(),
    patientId: uuid('patient_id'),
    doctorId: uuid('doctor_id'),
    // Bumped to revoke every token of the account at once (logout, password or role change).
    tokenVersion: integer('token_version').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('accounts_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('accounts_patient_key').on(t.patientId),
    uniqueIndex('accounts_doctor_key').on(t.doctorId),
    foreignKey({
      name: 'accounts_patient_fk',
      columns: [t.patientId],
      foreignColumns: [patients.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'accounts_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('restrict'),
    check('accounts_role_check', sql`${t.role} IN ('patient', 'doctor', 'staff', 'admin')`),
    check(
      'accounts_role_link_check',
      sql`(${t.role} = 'patient') = (${t.patientId} IS NOT NULL) AND (${t.role} = 'doctor') = (${t.doctorId} IS NOT NULL)`,
    ),
  ],
);

/** The locations a staff account works at: its scope. */
export const staffLocations = pgTable(
  'staff_locations',
  {
    accountId: uuid('account_id').notNull(),
    locationId: uuid('location_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'staff_locations_pkey', columns: [t.accountId, t.locationId] }),
    foreignKey({
      name: 'staff_locations_account_fk',
      columns: [t.accountId],
      foreignColumns: [accounts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'staff_locations_location_fk',
      columns: [t.locationId],
      foreignColumns: [locations.id],
    }).onDelete('restrict'),
    index('staff_locations_location_idx').on(t.locationId),
  ],
);

/** Opaque refresh tokens, stored only as SHA-256 hashes; one family per sign-in. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    accountId: uuid('account_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_account_idx').on(t.accountId),
    index('refresh_tokens_family_idx').on(t.familyId),
    foreignKey({
      name: 'refresh_tokens_account_fk',
      columns: [t.accountId],
      foreignColumns: [accounts.id],
    }).onDelete('cascade'),
  ],
);

/** One-time password-reset tokens, stored only as SHA-256 hashes. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    accountId: uuid('account_id').notNull(),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_resets_hash_key').on(t.tokenHash),
    foreignKey({
      name: 'password_resets_account_fk',
      columns: [t.accountId],
      foreignColumns: [accounts.id],
    }).onDelete('cascade'),
  ],
);

/** Failed sign-in counters per account e-mail and per IP, shared by every app instance. */
export const signInFailures = pgTable('sign_in_failures', {
  key: varchar('key', { length: 320 }).primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

// ── Audit ───────────────────────────────────────────────────────────────────────────────────

/**
 * Append-only (a trigger refuses UPDATE and DELETE, except sealing). Rows are written unsealed
 * inside the audited transaction; a sealer later gives them `seq` and chains `hash` to the
 * previous row's, so writers never wait on one lock. patient_id has no foreign key on purpose:
 * the trail outlives what it describes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: varchar('actor_role', { length: 16 }),
    action: varchar('action', { length: 64 }).notNull(),
    resourceType: varchar('resource_type', { length: 64 }).notNull(),
    resourceId: varchar('resource_id', { length: 64 }),
    patientId: uuid('patient_id'),
    outcome: varchar('outcome', { length: 16 }).notNull(),
    ip: varchar('ip', { length: 64 }),
    requestId: varchar('request_id', { length: 128 }),
    seq: bigint('seq', { mode: 'number' }),
    prevHash: char('prev_hash', { length: 64 }),
    hash: char('hash', { length: 64 }),
  },
  (t) => [
    uniqueIndex('audit_events_seq_key').on(t.seq),
    index('audit_events_patient_idx').on(t.patientId, t.occurredAt),
    index('audit_events_unsealed_idx').on(t.occurredAt).where(sql`${t.seq} IS NULL`),
    check('audit_events_outcome_check', sql`${t.outcome} IN ('success', 'denied', 'failure')`),
  ],
);

export type PatientRow = typeof patients.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

// ── Bookings ────────────────────────────────────────────────────────────────────────────────

/**
 * A patient's appointment with a doctor, or for a diagnostic at a diagnostic location, from
 * start_at to end_at. No double booking is enforced by exclusion constraints (migration
 * 0005_booking_exclusion): among rows in an active status (held, booked, checked_in,
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
    // Compare-and-swap token for status changes: every change bumps it.
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

/**
 * Idempotency-Key records for creating POSTs: the first request with a key stores a hash of its
 * body and, once done, its status and response; a replay returns them, another body is refused.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: uuid('account_id').notNull(),
    key: varchar('key', { length: 128 }).notNull(),
    route: varchar('route', { length: 128 }).notNull(),
    requestHash: char('request_hash', { length: 64 }).notNull(),
    responseStatus: smallint('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.accountId, t.key] }),
    foreignKey({
      name: 'idempotency_keys_account_fk',
      columns: [t.accountId],
      foreignColumns: [accounts.id],
    }).onDelete('cascade'),
    index('idempotency_keys_expiry_idx').on(t.expiresAt),
  ],
);

export type BookingRow = typeof bookings.$inferSelect;
