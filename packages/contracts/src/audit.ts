import { type Static, Type } from 'typebox';
import { Instant, Nullable, Uuid } from './common.js';
import { Cursor, Limit, Page } from './pagination.js';

// No patientId here on purpose: whose log it is comes from the token, and an unknown query
// parameter is a 400, so a client cannot even ask for someone else's.
export const ListAccessLogQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const AccessLogEntry = Type.Object(
  {
    occurredAt: Instant,
    actorRole: Nullable(
      Type.String({
        maxLength: 16,
        pattern: '^[a-z]+$',
        description: 'Role of the account that acted; null when signed out',
      }),
    ),
    actorId: Nullable(Uuid),
    action: Type.String({
      maxLength: 64,
      pattern: '^[a-z-]+\\.[a-z-]+$',
      description: '`<resource>.<verb>`, e.g. `patient.read`',
    }),
    resourceType: Type.String({ maxLength: 64, pattern: '^[a-z-]+$' }),
    resourceId: Nullable(Type.String({ maxLength: 64 })),
    outcome: Type.Enum(['success', 'denied', 'failure']),
  },
  { title: 'AccessLogEntry' },
);

export const AccessLogPage = Page(AccessLogEntry);

export type ListAccessLogInput = Static<typeof ListAccessLogQuery>;
export type AccessLogEntryView = Static<typeof AccessLogEntry>;
export type AccessLogPageView = Static<typeof AccessLogPage>;
