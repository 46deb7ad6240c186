import { type Static, Type } from 'typebox';
import { Currency, Instant, LocalDate as LocalDateOf, Money, Nullable, Uuid } from './common.js';

const LocalDate = LocalDateOf('2026-03-29');

export const AvailabilityQuery = Type.Object(
  {
    from: LocalDate,
    to: { ...LocalDate, description: 'Last local date, at most 30 days after `from`' },
  },
  { additionalProperties: false },
);

export const Availability = Type.Object(
  {
    slots: Type.Array(Type.Object({ startAt: Instant, endAt: Instant }, { title: 'FreeSlot' }), {
      description: 'Free slots, earliest first, as instants with the location’s UTC offset',
    }),
  },
  { title: 'Availability' },
);

export type AvailabilityInput = Static<typeof AvailabilityQuery>;

export const SlotSearchQuery = Type.Object(
  {
    specialtyId: Type.Optional({ ...Uuid, description: 'Search doctors of this specialty' }),
    diagnosticId: Type.Optional({ ...Uuid, description: 'Search locations of this diagnostic' }),
    locationId: Type.Optional({ ...Uuid, description: 'Only at this location' }),
    from: Type.Optional({
      ...LocalDate,
      description: 'First local date at each location; default and earliest: today there',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

export const SlotSearchResult = Type.Object(
  {
    slots: Type.Array(
      Type.Object(
        {
          startAt: Instant,
          endAt: Instant,
          doctorId: Nullable(Uuid),
          diagnosticLocationId: Nullable(Uuid),
          locationId: Uuid,
          price: Money,
          currency: Currency,
        },
        { title: 'FoundSlot' },
      ),
      { description: 'The earliest free slots, earliest first; ties by doctor or offering id' },
    ),
  },
  { title: 'SlotSearchResult' },
);

export type SlotSearchInput = Static<typeof SlotSearchQuery>;
export type SlotSearchResultView = Static<typeof SlotSearchResult>;
