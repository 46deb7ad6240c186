import { type Static, Type } from 'typebox';
import { ActiveFilter, Currency, Instant, Int32, LocalTime, Name, Uuid } from './common.js';
import { Cursor, Limit } from './pagination.js';

export const WorkingInterval = Type.Object(
  {
    weekday: Int32(1, 7, { description: 'ISO weekday: 1 = Monday … 7 = Sunday' }),
    opensAt: LocalTime,
    closesAt: {
      ...LocalTime,
      description: 'Local closing time; at or before opensAt means the next day',
    },
  },
  { additionalProperties: false, title: 'WorkingInterval' },
);

export const MAX_WEEKLY_INTERVALS = 50;
export const WorkingHoursList = Type.Array(WorkingInterval, {
  maxItems: MAX_WEEKLY_INTERVALS,
  description: 'Opening intervals per weekday in local time; none on a day means closed',
});

export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time-zone name, e.g. Europe/Berlin',
  examples: ['Europe/Berlin'],
});
export const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+()./ -]+$' });

export const Location = Type.Object(
  {
    id: Uuid,
    name: Name(128),
    address: Name(256),
    phone: Phone,
    timeZone: TimeZoneName,
    currency: Currency,
    active: Type.Boolean(),
    workingHours: WorkingHoursList,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Location' },
);

export const CreateLocationBody = Type.Object(
  {
    name: Name(128),
    address: Name(256),
    phone: Phone,
    timeZone: TimeZoneName,
    currency: Currency,
    workingHours: Type.Optional(WorkingHoursList),
  },
  { additionalProperties: false },
);

export const UpdateLocationBody = Type.Object(
  {
    name: Type.Optional(Name(128)),
    address: Type.Optional(Name(256)),
    phone: Type.Optional(Phone),
    timeZone: Type.Optional(TimeZoneName),
    currency: Type.Optional(Currency),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ReplaceWorkingHoursBody = Type.Object(
  { workingHours: WorkingHoursList },
  { additionalProperties: false },
);

export const ListLocationsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Name or address contains' }),
    ),
    status: ActiveFilter,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type LocationView = Static<typeof Location>;
export type CreateLocationInput = Static<typeof CreateLocationBody>;
export type UpdateLocationInput = Static<typeof UpdateLocationBody>;
export type ListLocationsInput = Static<typeof ListLocationsQuery>;
