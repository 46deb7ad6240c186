import { type Static, Type } from 'typebox';
import { Count, Instant, LocalDate as LocalDateOf, LocalTime, Nullable, Uuid } from './common.js';
import { TimeZoneName, WorkingHoursList } from './locations.js';

const LocalDate = LocalDateOf('2026-07-14');
const InstantInput = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 instant with an offset',
  examples: ['2026-07-14T13:00:00+02:00'],
});

export const TimeOffParams = Type.Object(
  { id: Uuid, timeOffId: Uuid },
  { additionalProperties: false },
);
export const ExtraHoursParams = Type.Object(
  { id: Uuid, extraHoursId: Uuid },
  { additionalProperties: false },
);

export const DoctorHours = Type.Object(
  {
    doctorId: Uuid,
    locationId: Uuid,
    timeZone: TimeZoneName,
    locationDefault: Type.Boolean({
      description:
        'True when the doctor has no weekly hours of their own and works the location’s ' +
        '(listed in workingHours)',
    }),
    workingHours: Type.With(WorkingHoursList, {
      description: 'The weekly hours the doctor works, sorted by weekday and opening time',
    }),
  },
  { title: 'DoctorHours' },
);

export const ReplaceDoctorHoursBody = Type.Object(
  {
    workingHours: Type.With(WorkingHoursList, {
      description: 'The doctor’s whole week; an empty list returns them to the location’s hours',
    }),
  },
  { additionalProperties: false },
);

const Reason = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Internal note, e.g. conference',
});

export const TimeOff = Type.Object(
  {
    id: Uuid,
    doctorId: Uuid,
    startsOn: Nullable(LocalDate),
    endsOn: Nullable(LocalDate),
    startsAt: Nullable(Instant),
    endsAt: Nullable(Instant),
    reason: Nullable(Reason),
    createdAt: Instant,
  },
  { title: 'TimeOff' },
);

export const CreatedTimeOff = Type.Object(
  {
    ...TimeOff.properties,
    conflictingBookings: Count(
      'Active bookings and live holds of the doctor overlapping the time off; they are not ' +
        'cancelled: staff rebook them',
    ),
  },
  { title: 'CreatedTimeOff' },
);

export const CreateTimeOffBody = Type.Object(
  {
    startsOn: Type.Optional({ ...LocalDate, description: 'First whole local day off' }),
    endsOn: Type.Optional({ ...LocalDate, description: 'Last whole local day off (inclusive)' }),
    startsAt: Type.Optional({ ...InstantInput, description: 'Start of the time off' }),
    endsAt: Type.Optional({ ...InstantInput, description: 'End of the time off (exclusive)' }),
    reason: Type.Optional(Reason),
  },
  {
    additionalProperties: false,
    description: 'Either startsOn and endsOn (whole local days) or startsAt and endsAt (instants)',
  },
);

export const ExtraHours = Type.Object(
  {
    id: Uuid,
    doctorId: Uuid,
    date: LocalDate,
    opensAt: LocalTime,
    closesAt: LocalTime,
    createdAt: Instant,
  },
  { title: 'ExtraHours' },
);

export const CreateExtraHoursBody = Type.Object(
  {
    date: LocalDate,
    opensAt: LocalTime,
    closesAt: {
      ...LocalTime,
      description: 'Local closing time; before opensAt means the next day',
    },
  },
  { additionalProperties: false },
);

export const ListScheduleEntriesQuery = Type.Object(
  {
    from: Type.Optional({
      ...LocalDate,
      description: 'List entries ending on or after this local date; default: today there',
    }),
  },
  { additionalProperties: false },
);

/** The most entries a schedule list returns; a later `from` lists the ones after them. */
export const MAX_SCHEDULE_ENTRIES = 500;
const EARLIEST_FIRST = `Earliest first, at most ${MAX_SCHEDULE_ENTRIES}: for more, ask again from a later date`;

export const TimeOffList = Type.Object(
  { items: Type.Array(TimeOff, { maxItems: MAX_SCHEDULE_ENTRIES, description: EARLIEST_FIRST }) },
  { title: 'TimeOffList' },
);
export const ExtraHoursList = Type.Object(
  {
    items: Type.Array(ExtraHours, { maxItems: MAX_SCHEDULE_ENTRIES, description: EARLIEST_FIRST }),
  },
  { title: 'ExtraHoursList' },
);

export type DoctorHoursView = Static<typeof DoctorHours>;
export type TimeOffView = Static<typeof TimeOff>;
export type CreateTimeOffInput = Static<typeof CreateTimeOffBody>;
export type ExtraHoursView = Static<typeof ExtraHours>;
export type CreateExtraHoursInput = Static<typeof CreateExtraHoursBody>;
export type ListScheduleEntriesInput = Static<typeof ListScheduleEntriesQuery>;
