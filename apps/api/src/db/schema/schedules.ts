import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  pgTable,
  smallint,
  time,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { doctors } from './directory.js';

// A doctor's own schedule. Without weekly hours of their own a doctor works their location's
// hours; with some, those replace the location's (each must lie within the location's hours).

/** A doctor's weekly hours, wall-clock in the location's zone; closes <= opens runs overnight. */
export const doctorWorkingHours = pgTable(
  'doctor_working_hours',
  {
    id: id(),
    doctorId: uuid('doctor_id').notNull(),
    weekday: smallint('weekday').notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
  },
  (t) => [
    foreignKey({
      name: 'doctor_working_hours_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('cascade'),
    index('doctor_working_hours_doctor_idx').on(t.doctorId, t.weekday, t.opensAt),
    check('doctor_working_hours_weekday_check', sql`${t.weekday} BETWEEN 1 AND 7`),
    check('doctor_working_hours_interval_check', sql`${t.opensAt} <> ${t.closesAt}`),
  ],
);

/**
 * Time off: either whole local days (starts_on..ends_on, inclusive) or a stretch of instants
 * (starts_at..ends_at, half-open), never both.
 */
export const doctorTimeOff = pgTable(
  'doctor_time_off',
  {
    id: id(),
    doctorId: uuid('doctor_id').notNull(),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    // Shown to staff only ("conference"); never patient data.
    reason: varchar('reason', { length: 200 }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'doctor_time_off_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('cascade'),
    index('doctor_time_off_doctor_idx').on(t.doctorId, t.startsOn, t.startsAt),
    check(
      'doctor_time_off_form_check',
      sql`(${t.startsOn} IS NOT NULL AND ${t.endsOn} IS NOT NULL AND ${t.startsAt} IS NULL AND ${t.endsAt} IS NULL AND ${t.endsOn} >= ${t.startsOn})
        OR (${t.startsOn} IS NULL AND ${t.endsOn} IS NULL AND ${t.startsAt} IS NOT NULL AND ${t.endsAt} IS NOT NULL AND ${t.endsAt} > ${t.startsAt})`,
    ),
  ],
);

/** Hours added on one local date, on top of (or instead of none of) the weekly ones. */
export const doctorExtraHours = pgTable(
  'doctor_extra_hours',
  {
    id: id(),
    doctorId: uuid('doctor_id').notNull(),
    date: date('date').notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'doctor_extra_hours_doctor_fk',
      columns: [t.doctorId],
      foreignColumns: [doctors.id],
    }).onDelete('cascade'),
    index('doctor_extra_hours_doctor_idx').on(t.doctorId, t.date),
    check('doctor_extra_hours_interval_check', sql`${t.opensAt} <> ${t.closesAt}`),
  ],
);
