// Weekly hours as the editor holds them (the intervals of each ISO weekday, Monday first) and as
// the API takes them (one flat list of { weekday, opensAt, closesAt }). The flat list is the days
// in order, each day's rows as shown, so an error at `workingHours/3` names the fourth row shown.

export interface Interval {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

export interface Hours {
  opensAt: string;
  closesAt: string;
}

/** Seven days, Monday (index 0) to Sunday; an empty day is closed. */
export type Week = Hours[][];

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function emptyWeek(): Week {
  return WEEKDAYS.map(() => []);
}

/** The API's list as a week, each day's intervals by opening time. */
export function weekOf(intervals: readonly Interval[]): Week {
  const week = emptyWeek();
  for (const { weekday, opensAt, closesAt } of intervals)
    week[weekday - 1]?.push({ opensAt, closesAt });
  for (const day of week) day.sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  return week;
}

/** The week as the API's list, in the order shown. */
export function intervalsOf(week: Week): Interval[] {
  return week.flatMap((day, i) => day.map((hours) => ({ weekday: i + 1, ...hours })));
}

/** The position in `intervalsOf(week)` of a day's row: the index an error's path names. */
export function flatIndex(week: Week, dayIndex: number, row: number): number {
  return week.slice(0, dayIndex).reduce((n, day) => n + day.length, 0) + row;
}

/** A weekday's name in the locale: ISO 1 is Monday (5 January 1970 was one). */
export function weekdayName(weekday: number, locale: string, style: 'long' | 'short' = 'long') {
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(1970, 0, 4 + weekday)),
  );
}

/** Monday to Friday with the same hours: the usual week to start from. */
export function workWeek(opensAt: string, closesAt: string): Week {
  return WEEKDAYS.map((d) => (d <= 5 ? [{ opensAt, closesAt }] : []));
}
