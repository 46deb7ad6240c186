import { type Static, Type } from 'typebox';
import { ActiveFilter, Instant, Int32, LongText, Name, Nullable, Uuid } from './common.js';
import { Cursor, Limit } from './pagination.js';

export const DurationMinutes = Int32(5, 480, {
  description: 'How long one examination takes, in minutes',
});

export const Preparation = Type.With(LongText, {
  description: 'What the patient must do beforehand',
});

export const Diagnostic = Type.Object(
  {
    id: Uuid,
    name: Name(128),
    description: Nullable(LongText),
    preparation: Nullable(Preparation),
    durationMinutes: DurationMinutes,
    active: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Diagnostic' },
);

export const CreateDiagnosticBody = Type.Object(
  {
    name: Name(128),
    description: Type.Optional(Nullable(LongText)),
    preparation: Type.Optional(Nullable(Preparation)),
    durationMinutes: DurationMinutes,
  },
  { additionalProperties: false },
);

export const UpdateDiagnosticBody = Type.Object(
  {
    name: Type.Optional(Name(128)),
    description: Type.Optional(Nullable(LongText)),
    preparation: Type.Optional(Nullable(Preparation)),
    durationMinutes: Type.Optional(DurationMinutes),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListDiagnosticsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Name contains' })),
    status: ActiveFilter,
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type DiagnosticView = Static<typeof Diagnostic>;
export type CreateDiagnosticInput = Static<typeof CreateDiagnosticBody>;
export type UpdateDiagnosticInput = Static<typeof UpdateDiagnosticBody>;
export type ListDiagnosticsInput = Static<typeof ListDiagnosticsQuery>;
