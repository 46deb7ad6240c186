import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { type FreeSlot, freeSlots, type SlotRequest } from './slots.js';

const SLOT_MINUTES = 30;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
const DAYS_OF_2026 = Array.from({ length: 365 }, (_, i) =>
  Temporal.PlainDate.from('2026-01-01').add({ days: i }),
);

const request = (timeZone: string, from: string, to: string): SlotRequest => ({
  timeZone,
  from,
  to,
  workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    opensAt: '00:00',
    closesAt: '23:59',
  })),
  slotMinutes: SLOT_MINUTES,
  now: '2025-12-31T00:00:00Z',
  minNoticeMinutes: 0,
  horizonDays: 400,
});

/** Elapsed minutes from 00:00 to 23:59 that day: 1379 normally, more or less on DST days. */
function openMinutes(timeZone: string, date: Temporal.PlainDate): number {
  const opens = date.toZonedDateTime({ timeZone, plainTime: '00:00' });
  const closes = date.toZonedDateTime({ timeZone, plainTime: '23:59' });
  return opens.until(closes, { largestUnit: 'minutes' }).minutes;
}

/** What is wrong with one day's slots, as readable lines; none when every property holds. */
function violations(timeZone: string, date: Temporal.PlainDate, slots: FreeSlot[]): string[] {
  const found: string[] = [];
  let previousEnd: Temporal.Instant | undefined;
  for (const slot of slots) {
    const start = Temporal.Instant.from(slot.startAt);
    const end = Temporal.Instant.from(slot.endAt);
    const local = start.toZonedDateTimeISO(timeZone);
    const problem = (what: string) => found.push(`${date} ${slot.startAt}: ${what}`);
    // The string round-trips: it carries the zone's real offset at that instant.
    if (local.toString({ timeZoneName: 'never' }) !== slot.startAt) problem('wrong offset');
    if (!local.toPlainDate().equals(date)) problem('on another date');
    if (local.minute % SLOT_MINUTES !== 0 || local.second !== 0) problem('off the grid');
    if (start.until(end).total('minutes') !== SLOT_MINUTES) problem('not 30 elapsed minutes');
    if (previousEnd && Temporal.Instant.compare(start, previousEnd) < 0) problem('overlaps');
    previousEnd = end;
  }
  // 30-minute slots tile the elapsed opening time exactly: nothing lost, nothing duplicated.
  const expected = Math.floor(openMinutes(timeZone, date) / SLOT_MINUTES);
  if (slots.length !== expected) found.push(`${date}: ${slots.length} slots, not ${expected}`);
  return found;
}

describe.each(ZONES)('every day of 2026 in %s, open 00:00–23:59', (timeZone) => {
  it('gives increasing, non-overlapping, on-grid slots of exactly 30 elapsed minutes', () => {
    const byDay = DAYS_OF_2026.map((date) => {
      const slots = freeSlots(request(timeZone, date.toString(), date.toString()));
      return { date, slots };
    });
    expect(byDay.flatMap(({ date, slots }) => violations(timeZone, date, slots))).toEqual([]);
    // The DST days were exercised: one shorter and one longer day besides the ordinary 47.
    expect(new Set(byDay.map(({ slots }) => slots.length)).size).toBe(3);

    // Asking for a month at once changes nothing.
    for (let month = 1; month <= 12; month++) {
      const first = Temporal.PlainDate.from({ year: 2026, month, day: 1 });
      const last = first.with({ day: first.daysInMonth });
      const days = byDay.filter(({ date }) => date.month === month).flatMap(({ slots }) => slots);
      expect(freeSlots(request(timeZone, first.toString(), last.toString()))).toEqual(days);
    }
  });
});
