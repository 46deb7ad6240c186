import { describe, expect, it } from 'vitest';
import { parseSlotRequest, type SlotRequest } from './slot-request.js';

const weekdays = (opensAt: string, closesAt: string) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt, closesAt }));

function request(overrides: Partial<SlotRequest> = {}): SlotRequest {
  return {
    timeZone: 'Europe/Berlin',
    from: '2026-03-02',
    to: '2026-03-02',
    workingHours: weekdays('09:00', '12:00'),
    slotMinutes: 30,
    now: '2026-03-02T08:00:00Z',
    minNoticeMinutes: 90,
    horizonDays: 30,
    ...overrides,
  };
}

describe('parsing a slot request', () => {
  it('defaults the grid to the slot length and the capacity to one', () => {
    const parsed = parseSlotRequest(request());
    expect(parsed).toMatchObject({ slotMinutes: 30, alignMinutes: 30, capacity: 1 });
  });

  it('turns notice and horizon into the earliest and latest start instants', () => {
    const parsed = parseSlotRequest(request({ now: '2026-03-20T08:00:00Z' }));
    expect(parsed.earliestStart.toString()).toBe('2026-03-20T09:30:00Z');
    // 30 calendar days in Berlin: 09:00 local on both sides of the 29 March change.
    expect(parsed.latestStart.toString()).toBe('2026-04-19T07:00:00Z');
  });

  it('separates whole days off from ranges of instants', () => {
    const parsed = parseSlotRequest(
      request({
        timeOff: [
          { date: '2026-03-03' },
          { startAt: '2026-03-04T10:00:00+01:00', endAt: '2026-03-04T11:00:00+01:00' },
        ],
      }),
    );
    expect(parsed.daysOff.map(String)).toEqual(['2026-03-03']);
    expect(parsed.timeOff.map(({ start, end }) => [String(start), String(end)])).toEqual([
      ['2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z'],
    ]);
  });

  it('accepts a range of 31 days and refuses 32', () => {
    expect(() => parseSlotRequest(request({ from: '2026-01-01', to: '2026-01-31' }))).not.toThrow();
    expect(() => parseSlotRequest(request({ from: '2026-01-01', to: '2026-02-01' }))).toThrow(
      /spans 32 days; at most 31/,
    );
  });

  it.each<[string, Partial<SlotRequest>]>([
    ['to before from', { from: '2026-03-02', to: '2026-03-01' }],
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['a fixed offset for a zone', { timeZone: '+01:00' }],
    ['a malformed date', { from: '2026-3-2' }],
    ['a malformed time', { workingHours: weekdays('9:00', '12:00') }],
    ['24:00 as a time', { workingHours: weekdays('09:00', '24:00') }],
    [
      'a weekday out of 1–7',
      { workingHours: [{ weekday: 0, opensAt: '09:00', closesAt: '12:00' }] },
    ],
    [
      'malformed extra hours',
      { extraHours: [{ date: '2026-03-02', opensAt: '9', closesAt: '10:00' }] },
    ],
    ['a zero slot length', { slotMinutes: 0 }],
    ['a fractional slot length', { slotMinutes: 7.5 }],
    ['a slot longer than a day', { slotMinutes: 24 * 60 + 1 }],
    ['a zero grid', { alignMinutes: 0 }],
    ['a finer grid that does not divide the slot', { slotMinutes: 20, alignMinutes: 15 }],
    ['a zero capacity', { capacity: 0 }],
    ['a negative notice', { minNoticeMinutes: -5 }],
    ['a fractional horizon', { horizonDays: 1.5 }],
    ['`now` without an offset', { now: '2026-03-02T09:00:00' }],
    [
      'a busy range ending before it starts',
      { busy: [{ startAt: '2026-03-02T10:00Z', endAt: '2026-03-02T09:00Z' }] },
    ],
    [
      'an empty time-off range',
      { timeOff: [{ startAt: '2026-03-02T10:00Z', endAt: '2026-03-02T10:00Z' }] },
    ],
  ])('throws a RangeError for %s', (_, overrides) => {
    expect(() => parseSlotRequest(request(overrides))).toThrow(RangeError);
  });
});
