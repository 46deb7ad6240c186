import { type Static, Type } from 'typebox';
import { Email, Instant, Nullable, Role, Uuid } from './common.js';
import { Cursor, Limit } from './pagination.js';

/** The locations a staff account works at (none for other roles): its scope. */
export const ScopeLocationIds = Type.Array(Uuid, {
  maxItems: 50,
  uniqueItems: true,
  description: 'The locations a staff account works at: its scope (empty for other roles)',
});
const LocationIds = Type.With(ScopeLocationIds, {
  minItems: 1,
  description: 'The locations a staff account works at: its scope',
});

/** An account as admins see it: no password hash, no token version. */
export const Account = Type.Object(
  {
    id: Uuid,
    email: Email,
    role: Role,
    patientId: Nullable(Uuid),
    doctorId: Nullable(Uuid),
    locationIds: ScopeLocationIds,
    disabled: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Account' },
);

export const CreateAccountBody = Type.Object(
  {
    email: Email,
    password: Type.String({
      minLength: 1,
      maxLength: 512,
      description: 'At least 12 characters, not a common password',
    }),
    role: { ...Role, description: 'doctor, staff or admin: patients register themselves' },
    doctorId: Type.Optional({ ...Uuid, description: 'The doctor profile; only for doctors' }),
    locationIds: Type.Optional({
      ...LocationIds,
      description: 'Required for staff, only for staff',
    }),
  },
  { additionalProperties: false },
);

export const UpdateAccountBody = Type.Object(
  {
    role: Type.Optional(Role),
    doctorId: Type.Optional({ ...Uuid, description: 'Required when the role becomes doctor' }),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AccountLocationsBody = Type.Object(
  { locationIds: LocationIds },
  { additionalProperties: false },
);

export const ListAccountsQuery = Type.Object(
  {
    role: Type.Optional(Role),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type AccountView = Static<typeof Account>;
export type CreateAccountInput = Static<typeof CreateAccountBody>;
export type UpdateAccountInput = Static<typeof UpdateAccountBody>;
export type ListAccountsInput = Static<typeof ListAccountsQuery>;
