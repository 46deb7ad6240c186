import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { WorkingInterval } from '../locations/working-hours.js';
import { type FreeSlot, freeSlots, type SlotRequest } from './slots.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const hours = (opensAt: string, closesAt: string, weekdays = WEEKDAYS): WorkingInterval[] =>
  weekdays.map((weekday) => ({ weekday, opensAt, closesAt }));

/** Berlin, Monday 2 March 2026 (no DST nearby), 09:00–12:00 on weekdays, 30-minute slots. */
function request(overrides: Partial<SlotRequest> = {}): SlotRequest {
  return {
    timeZone: 'Europe/Berlin',
    from: '2026-03-02',
    to: '2026-03-02',
    workingHours: hours('09:00', '12:00'),
    slotMinutes: 30,
    now: '2026-01-01T00:00:00Z',
    minNoticeMinutes: 0,
    horizonDays: 365,
    ...overrides,
  };
}

const starts = (slots: FreeSlot[]) => slots.map((slot) => slot.startAt);
/** Local HH:MM of each start, for tests where the offset is not the point. */
const times = (slots: FreeSlot[]) => slots.map((slot) => slot.startAt.slice(11, 16));

describe('an ordinary day', () => {
  it('lays out back-to-back slots from opening, each ending by closing, with the offset', () => {
    const slots = freeSlots(request());
    expect(times(slots)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(slots[0]).toEqual({
      startAt: '2026-03-02T09:00:00+01:00',
      endAt: '2026-03-02T09:30:00+01:00',
    });
    expect(slots.at(-1)?.endAt).toBe('2026-03-02T12:00:00+01:00');
  });

  it('drops a last slot that would run past closing', () => {
    expect(times(freeSlots(request({ slotMinutes: 45 })))).toEqual([
      '09:00',
      '09:45',
      '10:30',
      '11:15',
    ]);
    expect(times(freeSlots(request({ slotMinutes: 40 })))).toEqual([
      '09:00',
      '09:40',
      '10:20',
      '11:00',
    ]);
  });

  it('writes India’s half-hour offset into every instant (Asia/Kolkata, no DST)', () => {
    const slots = freeSlots(
      request({ timeZone: 'Asia/Kolkata', workingHours: hours('09:00', '10:30') }),
    );
    expect(slots).toEqual([
      { startAt: '2026-03-02T09:00:00+05:30', endAt: '2026-03-02T09:30:00+05:30' },
      { startAt: '2026-03-02T09:30:00+05:30', endAt: '2026-03-02T10:00:00+05:30' },
      { startAt: '2026-03-02T10:00:00+05:30', endAt: '2026-03-02T10:30:00+05:30' },
    ]);
  });

  it('offers nothing on a day without hours', () => {
    expect(freeSlots(request({ from: '2026-03-07', to: '2026-03-08' }))).toEqual([]);
  });

  it('never duplicates a slot when the same interval is listed twice', () => {
    const twice = [...hours('09:00', '12:00'), ...hours('09:00', '12:00')];
    expect(freeSlots(request({ workingHours: twice }))).toEqual(freeSlots(request()));
  });

  it('keeps a lunch break: touching intervals each keep their own grid', () => {
    const split = [...hours('09:00', '12:00'), ...hours('12:00', '13:40')];
    expect(times(freeSlots(request({ workingHours: split, slotMinutes: 50 })))).toEqual([
      '09:00',
      '09:50',
      '10:40',
      '12:00',
      '12:50',
    ]);
  });
});

describe('hours past midnight', () => {
  const fridayNight = hours('18:00', '02:00', [5]);

  it("continues Friday's slots into Saturday morning, on Saturday's date", () => {
    const slots = freeSlots(
      request({ from: '2026-03-06', to: '2026-03-06', workingHours: fridayNight, slotMinutes: 60 }),
    );
    expect(slots).toHaveLength(8);
    expect(slots.slice(-2)).toEqual([
      { startAt: '2026-03-07T00:00:00+01:00', endAt: '2026-03-07T01:00:00+01:00' },
      { startAt: '2026-03-07T01:00:00+01:00', endAt: '2026-03-07T02:00:00+01:00' },
    ]);
  });

  it('attributes the after-midnight part to the day the window opens: to=Friday includes it', () => {
    const base = { workingHours: fridayNight, slotMinutes: 60 };
    const friday = freeSlots(request({ ...base, from: '2026-03-06', to: '2026-03-06' }));
    const saturday = freeSlots(request({ ...base, from: '2026-03-07', to: '2026-03-07' }));
    const week = freeSlots(request({ ...base, from: '2026-03-02', to: '2026-03-08' }));
    expect(saturday).toEqual([]);
    expect(week).toEqual(friday);
  });

  it('runs an overnight window across the spring-forward gap', () => {
    const slots = freeSlots(
      request({ from: '2026-03-28', to: '2026-03-28', workingHours: hours('22:00', '04:00', [6]) }),
    );
    expect(starts(slots).slice(3)).toEqual([
      '2026-03-28T23:30:00+01:00',
      '2026-03-29T00:00:00+01:00',
      '2026-03-29T00:30:00+01:00',
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T01:30:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
    ]);
    expect(slots).toHaveLength(10); // 21:00Z–02:00Z: five elapsed hours
  });
});

describe('booking rules', () => {
  it('drops slots starting before now + minimum notice, keeping one starting exactly then', () => {
    const notice = (now: string) => times(freeSlots(request({ now, minNoticeMinutes: 60 })));
    expect(notice('2026-03-02T08:10:00+01:00')).toEqual([
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    expect(notice('2026-03-02T08:00:00+01:00')[0]).toBe('09:00');
    expect(notice('2026-03-02T11:00:00+01:00')).toEqual([]);
  });

  it('drops slots starting after now + horizon, keeping one starting exactly then', () => {
    const slots = freeSlots(
      request({
        from: '2026-03-02',
        to: '2026-03-03',
        now: '2026-03-02T10:00:00+01:00',
        horizonDays: 1,
      }),
    );
    expect(starts(slots).at(-1)).toBe('2026-03-03T10:00:00+01:00');
    expect(slots).toHaveLength(7); // 10:00–11:30 today, 09:00–10:00 tomorrow
  });

  it('counts the horizon in calendar days: it ends at the same wall-clock time across DST', () => {
    const slots = freeSlots(
      request({
        from: '2026-03-29',
        to: '2026-03-29',
        workingHours: hours('09:00', '12:00', [7]),
        now: '2026-03-28T10:00:00+01:00',
        horizonDays: 1,
      }),
    );
    expect(starts(slots)).toEqual([
      '2026-03-29T09:00:00+02:00',
      '2026-03-29T09:30:00+02:00',
      '2026-03-29T10:00:00+02:00',
    ]);
  });

  it('takes `now` as a Temporal.Instant as well as a string', () => {
    const now = Temporal.Instant.from('2026-03-02T09:10:00+01:00');
    expect(times(freeSlots(request({ now }))).at(0)).toBe('09:30');
  });
});

describe('time off', () => {
  it('removes a whole local date', () => {
    const slots = freeSlots(
      request({ from: '2026-03-02', to: '2026-03-03', timeOff: [{ date: '2026-03-02' }] }),
    );
    expect(slots).toHaveLength(6);
    expect(slots.every((slot) => slot.startAt.startsWith('2026-03-03'))).toBe(true);
  });

  it('removes slots overlapping a range of instants; touching slots stay', () => {
    const timeOff = [{ startAt: '2026-03-02T09:15:00Z', endAt: '2026-03-02T10:00:00Z' }];
    expect(times(freeSlots(request({ timeOff })))).toEqual(['09:00', '09:30', '11:00', '11:30']);
  });

  it("a day off takes that day's overnight hours, not the previous night's", () => {
    const base = { from: '2026-03-05', to: '2026-03-06', slotMinutes: 60 };
    const nights = hours('22:00', '02:00', [4, 5]);
    const fridayOff = freeSlots(
      request({ ...base, workingHours: nights, timeOff: [{ date: '2026-03-06' }] }),
    );
    expect(starts(fridayOff)).toEqual([
      '2026-03-05T22:00:00+01:00',
      '2026-03-05T23:00:00+01:00',
      '2026-03-06T00:00:00+01:00',
      '2026-03-06T01:00:00+01:00',
    ]);
  });
});

describe('extra hours', () => {
  it('opens a day that has no regular hours', () => {
    const extraHours = [{ date: '2026-03-08', opensAt: '10:00', closesAt: '11:00' }];
    const slots = freeSlots(request({ from: '2026-03-08', to: '2026-03-08', extraHours }));
    expect(starts(slots)).toEqual(['2026-03-08T10:00:00+01:00', '2026-03-08T10:30:00+01:00']);
  });

  it('merges with overlapping regular hours into one window on the earlier grid', () => {
    const extraHours = [{ date: '2026-03-02', opensAt: '11:10', closesAt: '13:00' }];
    expect(times(freeSlots(request({ extraHours })))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
    ]);
  });

  it('may run past midnight like working hours', () => {
    const extraHours = [{ date: '2026-03-08', opensAt: '23:00', closesAt: '01:00' }];
    const slots = freeSlots(request({ from: '2026-03-08', to: '2026-03-08', extraHours }));
    expect(starts(slots)).toEqual([
      '2026-03-08T23:00:00+01:00',
      '2026-03-08T23:30:00+01:00',
      '2026-03-09T00:00:00+01:00',
      '2026-03-09T00:30:00+01:00',
    ]);
  });

  it('gives way to a whole-day time off on the same date', () => {
    const extraHours = [{ date: '2026-03-02', opensAt: '14:00', closesAt: '15:00' }];
    expect(freeSlots(request({ extraHours, timeOff: [{ date: '2026-03-02' }] }))).toEqual([]);
  });
});

describe('busy ranges and capacity', () => {
  const booking = (start: string, end: string) => ({
    startAt: `2026-03-02T${start}:00+01:00`,
    endAt: `2026-03-02T${end}:00+01:00`,
  });

  it('with capacity 1, drops every slot a booking or hold overlaps, not one it touches', () => {
    const busy = [booking('09:30', '10:00'), booking('10:45', '11:15')];
    expect(times(freeSlots(request({ busy })))).toEqual(['09:00', '10:00', '11:30']);
  });

  it('compares instants, whatever offset or type the busy range is written in', () => {
    const busy = [
      { startAt: '2026-03-02T08:00:00Z', endAt: '2026-03-02T08:30:00Z' },
      {
        startAt: Temporal.Instant.from('2026-03-02T13:30:00+03:00'),
        endAt: Temporal.Instant.from('2026-03-02T14:00:00+03:00'),
      },
    ];
    expect(times(freeSlots(request({ busy })))).toEqual(['09:30', '10:00', '10:30', '11:00']);
  });

  it('with capacity 2, keeps a slot one booking overlaps and drops it at two', () => {
    const one = [booking('09:00', '09:30')];
    const two = [booking('09:00', '09:30'), booking('09:00', '09:30')];
    expect(times(freeSlots(request({ busy: one, capacity: 2 })))[0]).toBe('09:00');
    expect(times(freeSlots(request({ busy: two, capacity: 2 })))[0]).toBe('09:30');
  });

  it('counts ranges overlapping the slot even when they do not overlap each other', () => {
    const busy = [booking('09:00', '09:15'), booking('09:15', '09:30')];
    expect(times(freeSlots(request({ busy, capacity: 2 })))[0]).toBe('09:30');
  });

  it('does not move the layout around a booking off the grid', () => {
    const busy = [booking('09:10', '09:40')];
    expect(times(freeSlots(request({ busy })))).toEqual(['10:00', '10:30', '11:00', '11:30']);
  });
});

describe('alignment grid', () => {
  it('defaults to the slot length', () => {
    expect(freeSlots(request({ alignMinutes: 30 }))).toEqual(freeSlots(request()));
  });

  it('leaves breaks when coarser than the slot: 20-minute slots every 30 minutes', () => {
    const slots = freeSlots(request({ slotMinutes: 20, alignMinutes: 30 }));
    expect(times(slots)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(slots[0]?.endAt).toBe('2026-03-02T09:20:00+01:00');
  });

  it('gives back-to-back slots when finer than the slot and dividing it', () => {
    expect(times(freeSlots(request({ slotMinutes: 45, alignMinutes: 15 })))).toEqual([
      '09:00',
      '09:45',
      '10:30',
      '11:15',
    ]);
  });

  it('refuses a finer grid that does not divide the slot (20-minute slots on 15 minutes)', () => {
    expect(() => freeSlots(request({ slotMinutes: 20, alignMinutes: 15 }))).toThrow(
      /alignMinutes \(15\) must divide slotMinutes \(20\)/,
    );
  });
});

describe('range of dates', () => {
  it('accepts 31 days and refuses 32', () => {
    expect(freeSlots(request({ from: '2026-01-01', to: '2026-01-31' }))).toHaveLength(22 * 6);
    expect(() => freeSlots(request({ from: '2026-01-01', to: '2026-02-01' }))).toThrow(
      /spans 32 days; at most 31/,
    );
  });
});
