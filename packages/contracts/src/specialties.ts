import { type Static, Type } from 'typebox';
import { ActiveFilter, Instant, LongText, Name, Nullable, Uuid } from './common.js';
import { Cursor, Limit } from './pagination.js';

export const Specialty = Type.Object(
  {
    id: Uuid,
    name: Name(100),
    description: Nullable(LongText),
    active: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Specialty' },
);

export const CreateSpecialtyBody = Type.Object(
  {
    name: Name(100),
    description: Type.Optional(Nullable(LongText)),
  },
  { additionalProperties: false },
);

export const UpdateSpecialtyBody = Type.Object(
  {
    name: Type.Optional(Name(100)),
    description: Type.Optional(Nullable(LongText)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListSpecialtiesQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name contains' })),
    status: ActiveFilter,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type SpecialtyView = Static<typeof Specialty>;
export type CreateSpecialtyInput = Static<typeof CreateSpecialtyBody>;
export type UpdateSpecialtyInput = Static<typeof UpdateSpecialtyBody>;
export type ListSpecialtiesInput = Static<typeof ListSpecialtiesQuery>;
