import { type Static, Type } from 'typebox';
import { Currency, Instant, Money, Nullable, Uuid, Version } from './common.js';
import { Cursor, Limit, Page } from './pagination.js';
import { PatientName } from './patients.js';

export const BOOKING_STATUSES = [
  'held',
  'booked',
  'checked_in',
  'completed',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BookingStatusSchema = Type.Enum([...BOOKING_STATUSES], {
  description:
    '`held`: a hold, expiring at `holdExpiresAt`; `booked` → `checked_in` → `completed`; ' +
    '`booked` → `cancelled`; `booked` → `no_show` (after its start); `expired`: a hold not confirmed',
});

/** The patient's reason for the visit: free text, trimmed; an empty one is stored as none. */
export const BOOKING_REASON_MAX = 1000;
export const BookingReason = Type.String({
  maxLength: BOOKING_REASON_MAX,
  pattern: '^[^\\u0000]*$',
  description:
    'The reason for the visit in the patient’s words, up to 1000 characters; trimmed, and an ' +
    'empty one is none. Seen by the patient, the booked doctor and staff of the location.',
});

export const Booking = Type.Object(
  {
    id: Uuid,
    patientId: Uuid,
    doctorId: Nullable(Uuid),
    diagnosticLocationId: Nullable(Uuid),
    diagnosticId: Nullable(Uuid),
    locationId: Uuid,
    startAt: { ...Instant, description: 'RFC 3339 instant with the location’s UTC offset' },
    endAt: { ...Instant, description: 'RFC 3339 instant with the location’s UTC offset' },
    status: BookingStatusSchema,
    holdExpiresAt: Nullable(Instant),
    reason: Nullable(BookingReason),
    price: { ...Money, description: 'Price fixed when the slot was booked or held' },
    currency: Currency,
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Booking' },
);

export const CreateBookingBody = Type.Object(
  {
    doctorId: Type.Optional(Uuid),
    diagnosticLocationId: Type.Optional(Uuid),
    startAt: {
      ...Instant,
      maxLength: 40,
      description: 'A slot start as the availability endpoint lists it (any offset)',
    },
    patientId: Type.Optional({
      ...Uuid,
      description: 'Staff only: the patient booked for. Patients book for themselves.',
    }),
    hold: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Hold the slot for a few minutes instead of booking it; confirm to book',
      }),
    ),
    reason: Type.Optional(BookingReason),
  },
  {
    additionalProperties: false,
    title: 'CreateBooking',
    description: 'Exactly one of `doctorId` and `diagnosticLocationId`',
  },
);

/** Every change of a booking names the version it was read at. */
export const BookingVersionBody = Type.Object(
  { version: Version },
  { additionalProperties: false },
);

export const RescheduleBookingBody = Type.Object(
  {
    version: BookingVersionBody.properties.version,
    startAt: { ...Instant, maxLength: 40, description: 'The new slot’s start' },
  },
  { additionalProperties: false, title: 'Reschedule' },
);

/** The Idempotency-Key of a creating POST: a retry with the same key and body replays the answer. */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      pattern: '^[\\x20-\\x7E]+$',
      description:
        'Printable ASCII, 1–128 characters, unique per attempt to book. A retry with the same ' +
        'key and body gets the first answer again, marked `Idempotent-Replayed: true`.',
    }),
  ),
});

export const ListBookingsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Array(BookingStatusSchema, { maxItems: 7, description: 'Any of these statuses' }),
    ),
    from: Type.Optional({ ...Instant, maxLength: 40, description: 'Starting at or after' }),
    to: Type.Optional({ ...Instant, maxLength: 40, description: 'Starting before' }),
    patientId: Type.Optional(Uuid),
    doctorId: Type.Optional(Uuid),
    locationId: Type.Optional(Uuid),
    diagnosticLocationId: Type.Optional(Uuid),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

/** A day's list: the local date in the location's time zone. */
export const ListDayBookingsQuery = Type.Object(
  {
    date: Type.String({ format: 'date', maxLength: 10, description: 'Local date, YYYY-MM-DD' }),
    status: ListBookingsQuery.properties.status,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const BookingPage = Page(Booking);

/** A booking on a day's list (a doctor's, a location's): the booking and whose it is, by name. */
export const DayBooking = Type.Object(
  { ...Booking.properties, patient: PatientName },
  { title: 'DayBooking' },
);
export const DayBookingPage = Page(DayBooking);

export type BookingView = Static<typeof Booking>;
export type BookingPageView = Static<typeof BookingPage>;
export type DayBookingView = Static<typeof DayBooking>;
export type DayBookingPageView = Static<typeof DayBookingPage>;
export type CreateBookingInput = Static<typeof CreateBookingBody>;
export type RescheduleBookingInput = Static<typeof RescheduleBookingBody>;
export type ListBookingsInput = Static<typeof ListBookingsQuery>;
export type ListDayBookingsInput = Static<typeof ListDayBookingsQuery>;

/** A patient's bookings: the patient is in the path, so no `patientId` filter. */
export const ListPatientBookingsQuery = Type.Object(
  {
    status: ListBookingsQuery.properties.status,
    from: ListBookingsQuery.properties.from,
    to: ListBookingsQuery.properties.to,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

/** The status changes `POST /bookings/{id}/{action}` offers. */
export const TRANSITIONS = ['cancel', 'check-in', 'complete', 'no-show'] as const;
export type Transition = (typeof TRANSITIONS)[number];

export type ListPatientBookingsInput = Static<typeof ListPatientBookingsQuery>;
