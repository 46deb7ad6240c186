import { type Static, Type } from 'typebox';
import { ActiveFilter, Instant, LongText, Name, Nullable, Uuid } from './common.js';
import { Cursor, Limit } from './pagination.js';

const DurationMinutes = Type.Integer({
  minimum: 5,
  maximum: 480,
  description: 'How long one examination takes, in minutes',
});

export const Diagnostic = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    preparation: Nullable(Type.String({ description: 'What the patient must do beforehand' })),
    durationMinutes: Type.Integer(),
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
    preparation: Type.Optional(Nullable(LongText)),
    durationMinutes: DurationMinutes,
  },
  { additionalProperties: false },
);

export const UpdateDiagnosticBody = Type.Object(
  {
    name: Type.Optional(Name(128)),
    description: Type.Optional(Nullable(LongText)),
    preparation: Type.Optional(Nullable(LongText)),
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
