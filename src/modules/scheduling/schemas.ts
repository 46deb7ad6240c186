import { type Static, Type } from 'typebox';
import { Instant } from '../../http/schemas.js';

const LocalDate = Type.String({
  format: 'date',
  maxLength: 10,
  description: 'Local date in the location’s time zone, YYYY-MM-DD',
  examples: ['2026-03-29'],
});

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

export type AvailabilityQueryInput = Static<typeof AvailabilityQuery>;
