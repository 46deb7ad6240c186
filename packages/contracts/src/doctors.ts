import { type Static, Type } from 'typebox';
import {
  ActiveFilter,
  Count,
  Currency,
  Instant,
  Int32,
  LongText,
  Money,
  Name,
  Nullable,
  Uuid,
} from './common.js';
import { TimeZoneName } from './locations.js';
import { Cursor, Limit } from './pagination.js';

const PhotoUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 256 });
/** As shown: an uploaded photo (served by this API) wins over the absolute URL set by an admin. */
const ShownPhotoUrl = Type.Union([
  PhotoUrl,
  Type.String({
    pattern: '^/api/v1/doctors/[0-9a-f-]{36}/photo$',
    maxLength: 64,
    description: 'The uploaded photo, served by this API',
  }),
]);
const AppointmentMinutes = Int32(5, 480, {
  description: 'Default length of an appointment with this doctor',
});

const summaryFields = {
  id: Uuid,
  fullName: Name(128),
  specialty: Type.Object({ id: Uuid, name: Name(100) }, { title: 'SpecialtyRef' }),
  location: Type.Object(
    { id: Uuid, name: Name(128), timeZone: TimeZoneName },
    { title: 'LocationRef' },
  ),
  price: Money,
  currency: Currency,
  photoUrl: Nullable(ShownPhotoUrl),
  appointmentMinutes: AppointmentMinutes,
  ratingAvg: Nullable(
    Type.Number({
      minimum: 1,
      maximum: 5,
      description:
        'Mean of the verified 1–5 star ratings (patients’ completed visits); null until rated',
    }),
  ),
  ratingCount: Count('How many ratings the mean is of'),
  importedRatingAvg: Nullable(
    Type.Number({
      minimum: 1,
      maximum: 5,
      description: 'Mean of the ratings imported from a previous system (unverified); null if none',
    }),
  ),
  importedRatingCount: Count('How many imported ratings that mean is of'),
  active: Type.Boolean(),
};

export const DoctorSummary = Type.Object(summaryFields, { title: 'DoctorSummary' });

export const Doctor = Type.Object(
  {
    ...summaryFields,
    experience: Nullable(LongText),
    certificates: Nullable(LongText),
    services: Nullable(LongText),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Doctor' },
);

const editableFields = {
  fullName: Name(128),
  specialtyId: Uuid,
  locationId: Uuid,
  price: Money,
  photoUrl: Nullable(PhotoUrl),
  experience: Nullable(LongText),
  certificates: Nullable(LongText),
  services: Nullable(LongText),
  appointmentMinutes: AppointmentMinutes,
};

export const CreateDoctorBody = Type.Object(
  {
    fullName: editableFields.fullName,
    specialtyId: editableFields.specialtyId,
    locationId: editableFields.locationId,
    price: editableFields.price,
    photoUrl: Type.Optional(editableFields.photoUrl),
    experience: Type.Optional(editableFields.experience),
    certificates: Type.Optional(editableFields.certificates),
    services: Type.Optional(editableFields.services),
    appointmentMinutes: Type.Optional(editableFields.appointmentMinutes),
  },
  { additionalProperties: false },
);

export const UpdateDoctorBody = Type.Partial(
  Type.Object({ ...editableFields, active: Type.Boolean() }),
  { additionalProperties: false, minProperties: 1 },
);

export const DoctorSort = Type.Enum(['name', 'price', '-price'], {
  default: 'name',
  description:
    'By full name; or by price: grouped by currency (ISO code order, in both directions), ' +
    'then by amount ascending (`price`) or descending (`-price`)',
});

export const ListDoctorsQuery = Type.Object(
  {
    specialtyId: Type.Optional(Uuid),
    locationId: Type.Optional(Uuid),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Name, services or specialty name contain',
      }),
    ),
    status: ActiveFilter,
    sort: DoctorSort,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type DoctorView = Static<typeof Doctor>;
export type DoctorSummaryView = Static<typeof DoctorSummary>;
export type CreateDoctorInput = Static<typeof CreateDoctorBody>;
export type UpdateDoctorInput = Static<typeof UpdateDoctorBody>;
export type ListDoctorsInput = Static<typeof ListDoctorsQuery>;
