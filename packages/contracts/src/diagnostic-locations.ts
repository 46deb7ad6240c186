import { type Static, Type } from 'typebox';
import { ActiveFilter, Currency, Instant, Int32, Money, Name, Nullable, Uuid } from './common.js';
import { DurationMinutes, Preparation } from './diagnostics.js';
import { TimeZoneName } from './locations.js';
import { Cursor, Limit } from './pagination.js';

const Capacity = Int32(1, 100, {
  description: 'How many examinations the location can run in parallel',
});

const DiagnosticSummary = Type.Object({
  id: Uuid,
  name: Name(128),
  durationMinutes: DurationMinutes,
  active: Type.Boolean(),
});

const LocationSummary = Type.Object({
  id: Uuid,
  name: Name(128),
  timeZone: TimeZoneName,
  active: Type.Boolean(),
});

const offeringFields = {
  id: Uuid,
  price: Money,
  currency: Currency,
  capacity: Capacity,
  active: Type.Boolean({ description: 'The offering’s own flag; see also its parents’ flags' }),
  createdAt: Instant,
  updatedAt: Instant,
};

/** A diagnostic offered at a location, as listed. */
export const DiagnosticLocation = Type.Object(
  { ...offeringFields, diagnostic: DiagnosticSummary, location: LocationSummary },
  { title: 'DiagnosticLocation' },
);

/** One offering with what a patient needs before booking it. */
export const DiagnosticLocationDetail = Type.Object(
  {
    ...offeringFields,
    diagnostic: Type.Object({
      ...DiagnosticSummary.properties,
      preparation: Nullable(Preparation),
    }),
    location: Type.Object({ ...LocationSummary.properties, address: Name(256) }),
  },
  { title: 'DiagnosticLocationDetail' },
);

export const CreateDiagnosticLocationBody = Type.Object(
  {
    diagnosticId: Uuid,
    locationId: Uuid,
    price: Money,
    capacity: Type.Optional(Type.With(Capacity, { default: 1 })),
  },
  { additionalProperties: false },
);

export const UpdateDiagnosticLocationBody = Type.Object(
  {
    price: Type.Optional(Money),
    capacity: Type.Optional(Capacity),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListDiagnosticLocationsQuery = Type.Object(
  {
    diagnosticId: Type.Optional(Uuid),
    locationId: Type.Optional(Uuid),
    status: Type.With(ActiveFilter, {
      description:
        'active: bookable, i.e. the offering, its diagnostic and its location are all active; ' +
        'inactive: any of them is not',
    }),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export type DiagnosticLocationView = Static<typeof DiagnosticLocation>;
export type DiagnosticLocationDetailView = Static<typeof DiagnosticLocationDetail>;
export type CreateDiagnosticLocationInput = Static<typeof CreateDiagnosticLocationBody>;
export type UpdateDiagnosticLocationInput = Static<typeof UpdateDiagnosticLocationBody>;
export type ListDiagnosticLocationsInput = Static<typeof ListDiagnosticLocationsQuery>;
