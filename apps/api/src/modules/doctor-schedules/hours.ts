import type { FieldError } from '../../shared/errors.js';
import { Unprocessable } from '../../shared/errors.js';
import {
  describeInterval as describe,
  type WorkingInterval,
  weekMinutes,
} from '../locations/index.js';

// A doctor's weekly hours are checked against their location's, in minutes from Monday 00:00.

const MINUTES_PER_WEEK = 7 * 24 * 60;

type Range = { start: number; end: number };

/**
 * The location's opening time as ranges of the week, touching intervals joined (09–12 and
 * 12–18 are open 09–18) and copied a week either side, so that Sunday night's interval running
 * into Monday covers Monday morning.
 */
function openRanges(location: readonly WorkingInterval[]): Range[] {
  const ranges = location
    .map(weekMinutes)
    .flatMap((r) =>
      [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].map((s) => ({ start: r.start + s, end: r.end + s })),
    )
    .sort((a, b) => a.start - b.start);
  const joined: Range[] = [];
  for (const range of ranges) {
    const last = joined.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else joined.push({ ...range });
  }
  return joined;
}

/** One error per interval not inside the location's opening time. */
export function findOutsideLocation(
  intervals: readonly WorkingInterval[],
  location: readonly WorkingInterval[],
  field: string,
): FieldError[] {
  const open = openRanges(location);
  return intervals.flatMap((interval, i) => {
    const r = weekMinutes(interval);
    const inside = open.some((o) => o.start <= r.start && r.end <= o.end);
    return inside
      ? []
      : [
          {
            field: `${field}/${i}`,
            message: `${describe(interval)} is outside the location’s working hours`,
          },
        ];
  });
}

/** Checks that every interval of a doctor's week lies within their location's hours. */
export function checkWithinLocation(
  intervals: readonly WorkingInterval[],
  location: readonly WorkingInterval[],
  field: string,
): void {
  const outside = findOutsideLocation(intervals, location, field);
  if (outside.length > 0) {
    throw new Unprocessable(
      'outside-location-hours',
      'Every interval must lie within the location’s working hours',
      outside,
    );
  }
}
