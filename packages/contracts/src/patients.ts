import { type Static, Type } from 'typebox';
import { ScopeLocationIds } from './accounts.js';
import { Email, Instant, Name, Nullable, Role, Uuid } from './common.js';
import { Phone } from './locations.js';
import { Cursor, Limit } from './pagination.js';

export const DateOfBirth = Type.String({
  format: 'date',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  maxLength: 10,
  description: 'Calendar date YYYY-MM-DD; not in the future',
  examples: ['1985-06-15'],
});
const Sex = Type.Enum(['female', 'male', 'other', 'unknown']);

/** What the patient and their carers may edit. Ids, location and timestamps are server-owned. */
const profileFields = {
  fullName: Name(128),
  dateOfBirth: DateOfBirth,
  sex: Sex,
  phone: Nullable(Phone),
  email: Nullable(Email),
};

export const Patient = Type.Object(
  {
    id: Uuid,
    ...profileFields,
    registeredAtLocationId: Nullable(Uuid),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Patient' },
);

/** Enough to pick the right person at the desk; contact details need the full (audited) read. */
export const PatientSummary = Type.Object(
  {
    id: Uuid,
    fullName: profileFields.fullName,
    dateOfBirth: profileFields.dateOfBirth,
    sex: profileFields.sex,
    registeredAtLocationId: Nullable(Uuid),
  },
  { title: 'PatientSummary' },
);

/**
 * Whose a listed item is: the patient's id and name only, for a list that shows names (a day's
 * bookings, the critical results). An erased patient's name is their pseudonym.
 */
export const PatientName = Type.Object(
  {
    id: Uuid,
    fullName: {
      ...profileFields.fullName,
      description:
        'As the patient record holds it: an erased patient’s reads `Erased patient <id tail>`',
    },
  },
  { title: 'PatientName' },
);

export const CreatePatientBody = Type.Object(
  {
    fullName: profileFields.fullName,
    dateOfBirth: profileFields.dateOfBirth,
    sex: profileFields.sex,
    phone: Type.Optional(profileFields.phone),
    email: Type.Optional(profileFields.email),
    locationId: { ...Uuid, description: 'Where the patient registers: one of your locations' },
  },
  { additionalProperties: false },
);

export const UpdatePatientBody = Type.Partial(Type.Object(profileFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ListPatientsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Full name contains' }),
    ),
    dateOfBirth: Type.Optional(DateOfBirth),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const Me = Type.Object(
  {
    accountId: Uuid,
    role: Role,
    patientId: Nullable(Uuid),
    doctorId: Nullable(Uuid),
    locationIds: ScopeLocationIds,
    patient: Nullable(Patient),
  },
  { title: 'Me' },
);

export type PatientView = Static<typeof Patient>;
export type PatientSummaryView = Static<typeof PatientSummary>;
export type PatientNameView = Static<typeof PatientName>;
export type MeView = Static<typeof Me>;
export type CreatePatientInput = Static<typeof CreatePatientBody>;
export type UpdatePatientInput = Static<typeof UpdatePatientBody>;
export type ListPatientsInput = Static<typeof ListPatientsQuery>;
