import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { doctors, locations } from './directory.js';

// Identity: patients, accounts and their sessions.

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
    // Set once when the account is erased: contact details pseudonymised, the clinical record kept.
    erasedAt: timestamp('erased_at', { withTimezone: true }),
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

export type PatientRow = typeof patients.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
