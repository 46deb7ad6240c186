import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { parseSlotRequest } from './slot-request.js';
import { type FreeSlot, freeSlots, type SlotRequest } from './slots.js';
import { openingWindows } from './windows.js';

/** One local date in one zone, open opensAt–closesAt every day of the week. */
function day(
  timeZone: string,
  date: string,
  opensAt: string,
  closesAt: string,
  extra: Partial<SlotRequest> = {},
): SlotRequest {
  return {
    timeZone,
    from: date,
    to: date,
    workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt, closesAt })),
    slotMinutes: 30,
    now: '2025-12-31T00:00:00Z',
    minNoticeMinutes: 0,
    horizonDays: 366,
    ...extra,
  };
}

const starts = (slots: FreeSlot[]) => slots.map((slot) => slot.startAt);
const epochMs = (text: string) => Temporal.Instant.from(text).epochMilliseconds;

function expectNoOverlap(slots: FreeSlot[]) {
  for (let i = 1; i < slots.length; i++) {
    expect(epochMs(slots[i]!.startAt)).toBeGreaterThanOrEqual(epochMs(slots[i - 1]!.endAt));
  }
}

describe('Europe/Berlin, spring forward 2026-03-29 (02:00 → 03:00)', () => {
  const BERLIN = 'Europe/Berlin';

  it('starts no slot in 02:00–02:59 and keeps the 01:30 slot that ends at 03:00', () => {
    const slots = freeSlots(day(BERLIN, '2026-03-29', '01:00', '05:00'));
    expect(starts(slots)).toEqual([
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T01:30:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
      '2026-03-29T04:00:00+02:00',
      '2026-03-29T04:30:00+02:00',
    ]);
    // 30 elapsed minutes, though the clock moves 90.
    expect(slots[1]).toEqual({
      startAt: '2026-03-29T01:30:00+01:00',
      endAt: '2026-03-29T03:00:00+02:00',
    });
  });

  it('opens an opening in the gap at the transition', () => {
    const request = day(BERLIN, '2026-03-29', '02:30', '05:00');
    const [window] = openingWindows(parseSlotRequest(request));
    expect(window?.opensAt.toString()).toBe('2026-03-29T01:00:00Z');
    expect(starts(freeSlots(request))[0]).toBe('2026-03-29T03:00:00+02:00');
  });

  it('keeps the grid on wall-clock times after a gap opening (02:15 → 03:15, not 03:00)', () => {
    expect(starts(freeSlots(day(BERLIN, '2026-03-29', '02:15', '05:00')))[0]).toBe(
      '2026-03-29T03:15:00+02:00',
    );
  });

  it('closes a closing in the gap at the transition', () => {
    const slots = freeSlots(day(BERLIN, '2026-03-29', '00:00', '02:30'));
    expect(slots).toHaveLength(4);
    expect(slots.at(-1)?.endAt).toBe('2026-03-29T03:00:00+02:00');
  });

  it('drops a slot running past a gap closing (Temporal’s compatible 03:30 would keep it)', () => {
    const slots = freeSlots(day(BERLIN, '2026-03-29', '00:00', '02:30', { slotMinutes: 45 }));
    // 01:30+01:00 would end at 03:15+02:00, after the clock first reads 02:30 or later (03:00).
    expect(starts(slots)).toEqual(['2026-03-29T00:00:00+01:00', '2026-03-29T00:45:00+01:00']);
  });

  it('offers nothing when opening and closing both fall in the gap', () => {
    expect(freeSlots(day(BERLIN, '2026-03-29', '02:00', '02:45'))).toEqual([]);
  });
});

describe('Europe/Berlin, fall back 2026-10-25 (03:00 → 02:00)', () => {
  const BERLIN = 'Europe/Berlin';

  it('offers 02:00 and 02:30 once per occurrence, as distinct instants', () => {
    const slots = freeSlots(day(BERLIN, '2026-10-25', '01:00', '04:00'));
    expect(starts(slots)).toEqual([
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T01:30:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T02:30:00+01:00',
      '2026-10-25T03:00:00+01:00',
      '2026-10-25T03:30:00+01:00',
    ]);
    const instants = new Set(slots.map((slot) => epochMs(slot.startAt)));
    expect(instants.size).toBe(8); // four elapsed hours, none lost, none duplicated
    expectNoOverlap(slots);
  });

  it('closes a repeated closing at its first occurrence', () => {
    const slots = freeSlots(day(BERLIN, '2026-10-25', '00:00', '02:30'));
    expect(starts(slots).at(-1)).toBe('2026-10-25T02:00:00+02:00');
    expect(slots.at(-1)?.endAt).toBe('2026-10-25T02:30:00+02:00');
    expect(slots).toHaveLength(5);
  });

  it('opens a repeated opening at its first occurrence; its grid times repeat after it', () => {
    const request = day(BERLIN, '2026-10-25', '02:30', '04:00');
    const [window] = openingWindows(parseSlotRequest(request));
    expect(window?.opensAt.toString()).toBe('2026-10-25T00:30:00Z');
    expect(starts(freeSlots(request))).toEqual([
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30:00+01:00',
      '2026-10-25T03:00:00+01:00',
      '2026-10-25T03:30:00+01:00',
    ]);
  });

  it('keeps 09:00 at 09:00 local on both sides of the change', () => {
    const request = day(BERLIN, '2026-10-24', '09:00', '09:30', { to: '2026-10-26' });
    expect(starts(freeSlots(request))).toEqual([
      '2026-10-24T09:00:00+02:00',
      '2026-10-25T09:00:00+01:00',
      '2026-10-26T09:00:00+01:00',
    ]);
  });
});

describe('America/New_York (02:00 changes)', () => {
  const NEW_YORK = 'America/New_York';

  it('2026-03-08: skips 02:00–02:59; the 01:30 slot ends at 03:00', () => {
    const slots = freeSlots(day(NEW_YORK, '2026-03-08', '00:00', '04:00'));
    expect(starts(slots)).toEqual([
      '2026-03-08T00:00:00-05:00',
      '2026-03-08T00:30:00-05:00',
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T01:30:00-05:00',
      '2026-03-08T03:00:00-04:00',
      '2026-03-08T03:30:00-04:00',
    ]);
    expect(slots[3]?.endAt).toBe('2026-03-08T03:00:00-04:00');
  });

  it('2026-03-08: an opening at 02:30 starts at the transition', () => {
    expect(starts(freeSlots(day(NEW_YORK, '2026-03-08', '02:30', '04:00')))[0]).toBe(
      '2026-03-08T03:00:00-04:00',
    );
  });

  it('2026-11-01: offers 01:00 and 01:30 twice, then 02:00 once', () => {
    const slots = freeSlots(day(NEW_YORK, '2026-11-01', '00:00', '04:00'));
    expect(starts(slots)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T00:30:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T01:30:00-05:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T02:30:00-05:00',
      '2026-11-01T03:00:00-05:00',
      '2026-11-01T03:30:00-05:00',
    ]);
    expectNoOverlap(slots);
  });
});

describe('Australia/Lord_Howe (30-minute shifts)', () => {
  const LORD_HOWE = 'Australia/Lord_Howe';

  it('2026-04-05 back (02:00 → 01:30): 01:30 occurs twice, nothing overlaps', () => {
    const slots = freeSlots(day(LORD_HOWE, '2026-04-05', '00:00', '03:00'));
    expect(starts(slots)).toEqual([
      '2026-04-05T00:00:00+11:00',
      '2026-04-05T00:30:00+11:00',
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T01:30:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30',
      '2026-04-05T02:30:00+10:30',
    ]);
    expect(slots[3]?.endAt).toBe('2026-04-05T01:30:00+10:30');
    expectNoOverlap(slots);
  });

  it('2026-10-04 forward (02:00 → 02:30): no start in 02:00–02:29', () => {
    const slots = freeSlots(day(LORD_HOWE, '2026-10-04', '00:00', '03:30'));
    expect(starts(slots)).toEqual([
      '2026-10-04T00:00:00+10:30',
      '2026-10-04T00:30:00+10:30',
      '2026-10-04T01:00:00+10:30',
      '2026-10-04T01:30:00+10:30',
      '2026-10-04T02:30:00+11:00',
      '2026-10-04T03:00:00+11:00',
    ]);
    expect(slots[3]?.endAt).toBe('2026-10-04T02:30:00+11:00');
  });

  it('hour slots on the hour leave the repeated half hour unused', () => {
    const slots = freeSlots(day(LORD_HOWE, '2026-04-05', '00:00', '04:00', { slotMinutes: 60 }));
    expect(starts(slots)).toEqual([
      '2026-04-05T00:00:00+11:00',
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T02:00:00+10:30',
      '2026-04-05T03:00:00+10:30',
    ]);
  });

  it('a 30-minute grid under hour slots fills it: starts follow the previous end', () => {
    const request = day(LORD_HOWE, '2026-04-05', '00:00', '04:00', {
      slotMinutes: 60,
      alignMinutes: 30,
    });
    expect(starts(freeSlots(request))).toEqual([
      '2026-04-05T00:00:00+11:00',
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:30:00+10:30',
    ]);
  });
});
