import type { WorkingInterval as WorkingIntervalSchema } from '@medsync/contracts';
import type { Static } from 'typebox';
import { type FieldError, Unprocessable } from '../../shared/errors.js';

/** One opening interval in local wall-clock time; closing at or before opening means next day. */
export type WorkingInterval = Static<typeof WorkingIntervalSchema>;

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const minutesOf = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
};

/** The interval as minutes from Monday 00:00; an overnight interval runs past its day. */
export function weekMinutes(interval: WorkingInterval): { start: number; end: number } {
  const opens = minutesOf(interval.opensAt);
  const closes = minutesOf(interval.closesAt);
  const start = (interval.weekday - 1) * MINUTES_PER_DAY + opens;
  const length = closes > opens ? closes - opens : closes + MINUTES_PER_DAY - opens;
  return { start, end: start + length };
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  // The week wraps: Sunday night's interval may run into Monday morning.
  return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some(
    (shift) => a.start < b.end + shift && b.start + shift < a.end,
  );
}

export const describeInterval = (i: WorkingInterval) =>
  `${WEEKDAYS[i.weekday - 1]} ${i.opensAt}–${i.closesAt}`;

/** One error per interval that overlaps an earlier one (touching intervals are fine). */
export function findOverlaps(intervals: readonly WorkingInterval[], field: string): FieldError[] {
  const ranges = intervals.map(weekMinutes);
  const errors: FieldError[] = [];
  intervals.forEach((interval, i) => {
    const earlier = ranges.findIndex((range, j) => j < i && overlap(range, ranges[i]!));
    if (earlier >= 0) {
      errors.push({
        field: `${field}/${i}`,
        message: `${describeInterval(interval)} overlaps ${describeInterval(intervals[earlier]!)}`,
      });
    }
  });
  return errors;
}

/** Sorted by weekday then opening time: the order clients show them in. */
export function sortIntervals(intervals: WorkingInterval[]): WorkingInterval[] {
  return [...intervals].sort(
    (a, b) => a.weekday - b.weekday || minutesOf(a.opensAt) - minutesOf(b.opensAt),
  );
}

/**
 * Checks a week of intervals on its own: none empty (opening = closing, which the database
 * refuses too) and none overlapping another; 422 naming each bad interval otherwise.
 */
export function checkWeek(intervals: readonly WorkingInterval[], field: string): void {
  const empty = intervals.flatMap((interval, i) =>
    interval.opensAt === interval.closesAt
      ? [{ field: `${field}/${i}`, message: `${describeInterval(interval)} is empty` }]
      : [],
  );
  if (empty.length > 0) throw new Unprocessable('empty-interval', 'An interval is empty', empty);
  const overlaps = findOverlaps(intervals, field);
  if (overlaps.length > 0) {
    throw new Unprocessable('overlapping-hours', 'Opening intervals overlap', overlaps);
  }
}
