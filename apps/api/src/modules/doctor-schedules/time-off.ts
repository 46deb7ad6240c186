import type { CreateTimeOffInput } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import { type FieldError, Unprocessable } from '../../shared/errors.js';

/** The columns of one form of time off: whole local days or instants, the other form null. */
export type TimeOffForm =
  | { startsOn: string; endsOn: string; startsAt: null; endsAt: null }
  | { startsOn: null; endsOn: null; startsAt: Date; endsAt: Date };

const invalid = (detail: string, errors: FieldError[]) =>
  new Unprocessable('invalid-time-off', detail, errors);

/**
 * Exactly one form, complete and in order: startsOn..endsOn (inclusive local dates) or
 * startsAt..endsAt (instants, end after start). Anything else is a 422 naming the fields.
 */
export function timeOffForm(input: CreateTimeOffInput): TimeOffForm {
  const { startsOn, endsOn, startsAt, endsAt } = input;
  const days = startsOn !== undefined || endsOn !== undefined;
  const instants = startsAt !== undefined || endsAt !== undefined;
  if (days === instants) {
    const message = 'give startsOn and endsOn, or startsAt and endsAt';
    throw invalid('Give either whole days or a range of instants, not both', [
      { field: days ? 'startsAt' : 'startsOn', message },
    ]);
  }
  if (days) {
    if (startsOn === undefined || endsOn === undefined) {
      const field = startsOn === undefined ? 'startsOn' : 'endsOn';
      throw invalid('Whole days off need a first and a last date', [
        { field, message: 'required' },
      ]);
    }
    if (endsOn < startsOn) {
      throw invalid('The last day off is before the first', [
        { field: 'endsOn', message: 'must not be before startsOn' },
      ]);
    }
    return { startsOn, endsOn, startsAt: null, endsAt: null };
  }
  if (startsAt === undefined || endsAt === undefined) {
    const field = startsAt === undefined ? 'startsAt' : 'endsAt';
    throw invalid('Time off needs a start and an end', [{ field, message: 'required' }]);
  }
  const start = instantOf(startsAt, 'startsAt');
  const end = instantOf(endsAt, 'endsAt');
  if (end.getTime() <= start.getTime()) {
    throw invalid('The time off ends before it starts', [
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
  }
  return { startsOn: null, endsOn: null, startsAt: start, endsAt: end };
}

function instantOf(text: string, field: string): Date {
  try {
    return new Date(Temporal.Instant.from(text).epochMilliseconds);
  } catch {
    throw invalid('The instant is not valid', [{ field, message: 'must be an RFC 3339 instant' }]);
  }
}

/**
 * The instants a time off covers, for counting the bookings it overlaps: whole days run from
 * the first day's midnight to the midnight after the last, at the doctor's location.
 */
export function timeOffWindow(
  row: {
    startsOn: string | null;
    endsOn: string | null;
    startsAt: Date | null;
    endsAt: Date | null;
  },
  timeZone: string,
): { from: Date; to: Date } {
  if (row.startsAt && row.endsAt) return { from: row.startsAt, to: row.endsAt };
  const midnight = (date: Temporal.PlainDate) =>
    new Date(date.toZonedDateTime(timeZone).epochMilliseconds);
  return {
    from: midnight(Temporal.PlainDate.from(row.startsOn!)),
    to: midnight(Temporal.PlainDate.from(row.endsOn!).add({ days: 1 })),
  };
}
