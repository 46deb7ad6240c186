import { type Static, Type } from 'typebox';
import {
  Currency,
  Instant,
  Int32,
  LocalDate as LocalDateOf,
  Money,
  Nullable,
  Uuid,
} from './common.js';

const LocalDate = LocalDateOf('2026-03-29');

export const MAX_FREE_SLOTS = 10_000;

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
      // Slots never overlap and last at least 5 minutes: 31 days of windows (the last one running
      // into a 32nd day, plus a daylight-saving hour) hold fewer than 10,000 of them.
      maxItems: MAX_FREE_SLOTS,
      description: 'Free slots, earliest first, as instants with the location’s UTC offset',
    }),
  },
  { title: 'Availability' },
);

export type AvailabilityInput = Static<typeof AvailabilityQuery>;

export const MAX_FOUND_SLOTS = 50;

export const SlotSearchQuery = Type.Object(
  {
    specialtyId: Type.Optional({ ...Uuid, description: 'Search doctors of this specialty' }),
    diagnosticId: Type.Optional({ ...Uuid, description: 'Search locations of this diagnostic' }),
    locationId: Type.Optional({ ...Uuid, description: 'Only at this location' }),
    from: Type.Optional({
      ...LocalDate,
      description: 'First local date at each location; default and earliest: today there',
    }),
    limit: Type.With(Int32(1, MAX_FOUND_SLOTS), { default: 10 }),
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
      {
        maxItems: MAX_FOUND_SLOTS,
        description:
          'The earliest `limit` free slots, earliest first; ties by doctor or offering id',
      },
    ),
  },
  { title: 'SlotSearchResult' },
);

export type SlotSearchInput = Static<typeof SlotSearchQuery>;
export type SlotSearchResultView = Static<typeof SlotSearchResult>;
