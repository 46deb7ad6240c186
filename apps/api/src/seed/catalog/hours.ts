/** One opening interval: ISO weekday (1 = Monday … 7 = Sunday), opens and closes as 'HH:MM'. */
export type Interval = readonly [weekday: number, opensAt: string, closesAt: string];

interface WeekPlan {
  /** Weekday intervals, e.g. morning and afternoon around a lunch break. */
  weekdays: readonly (readonly [string, string])[];
  saturday: readonly (readonly [string, string])[];
  /** Evening intervals that close after midnight (closes_at <= opens_at), by weekday. */
  lateNights?: readonly Interval[];
}

const week = (plan: WeekPlan): Interval[] => [
  ...[1, 2, 3, 4, 5].flatMap((day) => plan.weekdays.map(([o, c]): Interval => [day, o, c])),
  ...plan.saturday.map(([o, c]): Interval => [6, o, c]),
  ...(plan.lateNights ?? []),
];

/** Opening schedules: weekdays with a lunch break, Saturday morning, Sunday closed. */
export const SCHEDULES = {
  standard: week({
    weekdays: [
      ['08:00', '12:30'],
      ['13:30', '18:00'],
    ],
    saturday: [['09:00', '13:00']],
  }),
  early: week({
    weekdays: [
      ['07:00', '12:00'],
      ['13:00', '16:00'],
    ],
    saturday: [['08:00', '12:00']],
  }),
  late: week({
    weekdays: [
      ['10:00', '14:00'],
      ['15:00', '20:00'],
    ],
    saturday: [['10:00', '14:00']],
  }),
  /** A walk-in evening clinic on Friday and Saturday nights that closes at 02:00 the next day. */
  lateNight: week({
    weekdays: [
      ['08:00', '12:30'],
      ['13:30', '17:00'],
    ],
    saturday: [['09:00', '13:00']],
    lateNights: [
      [5, '18:00', '02:00'],
      [6, '18:00', '02:00'],
    ],
  }),
} satisfies Record<string, Interval[]>;

export type ScheduleName = keyof typeof SCHEDULES;
