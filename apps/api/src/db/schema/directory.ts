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
  text,
  time,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { active, createdAt, id, updatedAt } from './columns.js';

// The clinic directory: specialties, locations and their hours, doctors, diagnostics.

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
    // Ratings imported from a previous system: shown apart from the verified ones above.
    importedRatingCount: integer('imported_rating_count').notNull().default(0),
    importedRatingSum: integer('imported_rating_sum').notNull().default(0),
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
    check(
      'doctors_imported_rating_check',
      sql`${t.importedRatingCount} >= 0 AND ${t.importedRatingSum} BETWEEN ${t.importedRatingCount} AND 5 * ${t.importedRatingCount}`,
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
