import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatInstant, steadyFormatter, steadyOffsets } from '../../shared/wall-clock.js';
import type { WorkingInterval } from '../locations/working-hours.js';
import { parseSlotRequest, type Span } from './slot-request.js';
import { candidateStarts, type FreeSlot, freeSlots, type SlotRequest } from './slots.js';
import { openingWindows } from './windows.js';

const compare = Temporal.Instant.compare;
const overlaps = (a: Span, b: Span) => compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;

/**
 * The policy read literally, with no shortcut: every wall-clock grid time of every window to its
 * instants, and every instant written through the zone. freeSlots skips those conversions for
 * windows around which the zone keeps one offset; it must give exactly this.
 */
function literalFreeSlots(request: SlotRequest): FreeSlot[] {
  const rules = parseSlotRequest(request);
  const fitting = openingWindows(rules).flatMap((window) =>
    candidateStarts(window, rules.alignMinutes, rules.timeZone)
      .map((start) => ({ start, end: start.add({ minutes: rules.slotMinutes }) }))
      .filter((slot) => compare(slot.end, window.closesAt) <= 0),
  );
  fitting.sort((a, b) => compare(a.start, b.start));
  const kept: Span[] = [];
  for (const slot of fitting) {
    const previous = kept.at(-1);
    if (previous === undefined || compare(slot.start, previous.end) >= 0) kept.push(slot);
  }
  return kept
    .filter(
      (slot) =>
        compare(slot.start, rules.earliestStart) >= 0 &&
        compare(slot.start, rules.latestStart) <= 0 &&
        !rules.timeOff.some((off) => overlaps(slot, off)) &&
        rules.busy.filter((busy) => overlaps(slot, busy)).length < rules.capacity,
    )
    .map((slot) => ({
      startAt: formatInstant(slot.start, rules.timeZone),
      endAt: formatInstant(slot.end, rules.timeZone),
    }));
}

// Changes at 02:00 or 03:00 (Berlin, New York), by 30 minutes (Lord Howe), on a half-hour offset
// (St John's), at midnight (Santiago), by two hours (Troll), and none (Kolkata).
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'America/Santiago',
  'Antarctica/Troll',
  'Asia/Kolkata',
];

const interval = (weekday: number, opensAt: string, closesAt: string): WorkingInterval => ({
  weekday,
  opensAt,
  closesAt,
});

// Weekdays by day; Saturday night into Sunday, touching Sunday's early hours, which straddle
// every change above (they all fall on a Saturday night or Sunday morning in 2026).
const HOURS = [
  ...[1, 2, 3, 4, 5].map((weekday) => interval(weekday, '08:00', '18:00')),
  interval(6, '22:00', '01:00'),
  interval(7, '01:00', '04:00'),
];

function month(timeZone: string, number: number, extra: Partial<SlotRequest> = {}): SlotRequest {
  const first = Temporal.PlainDate.from({ year: 2026, month: number, day: 1 });
  return {
    timeZone,
    from: first.toString(),
    to: first.with({ day: first.daysInMonth }).toString(),
    workingHours: HOURS,
    slotMinutes: 30,
    now: '2025-12-31T00:00:00Z',
    minNoticeMinutes: 0,
    horizonDays: 400,
    ...extra,
  };
}

/** Ranges of `minutes` every `every` minutes through the month, in UTC like the database's. */
function busyEvery(request: SlotRequest, every: number, minutes: number) {
  const first = Temporal.Instant.from(`${request.from}T00:00:00Z`);
  const last = Temporal.Instant.from(`${request.to}T23:59:00Z`).add({ hours: 24 });
  const busy = [];
  for (let at = first; compare(at, last) < 0; at = at.add({ minutes: every })) {
    busy.push({ startAt: at.toString(), endAt: at.add({ minutes }).toString() });
  }
  return busy;
}

describe.each(ZONES)('%s: freeSlots agrees with the policy read literally', (timeZone) => {
  it('on every month of 2026, ordinary days and changes alike', () => {
    for (let number = 1; number <= 12; number++) {
      const request = month(timeZone, number);
      expect(freeSlots(request)).toEqual(literalFreeSlots(request));
    }
  });

  it('with a finer grid, busy ranges, capacity, time off, notice and horizon', () => {
    for (const number of [3, 4, 9, 10, 11]) {
      const base = month(timeZone, number, { slotMinutes: 45, alignMinutes: 15, capacity: 2 });
      const request: SlotRequest = {
        ...base,
        busy: [...busyEvery(base, 100, 35), ...busyEvery(base, 270, 60)],
        timeOff: [{ date: `2026-${String(number).padStart(2, '0')}-10` }],
        now: `${base.from}T12:00:00Z`,
        minNoticeMinutes: 90,
        horizonDays: 20,
      };
      expect(freeSlots(request)).toEqual(literalFreeSlots(request));
    }
  });

  it('with slots shorter than the grid, which leaves breaks', () => {
    for (const number of [3, 4, 9, 10, 11]) {
      const request = month(timeZone, number, { slotMinutes: 20, alignMinutes: 30 });
      expect(freeSlots(request)).toEqual(literalFreeSlots(request));
    }
  });
});

describe('steady offsets', () => {
  const instant = (text: string) => Temporal.Instant.from(text);

  it("splits a year at the zone's changes, with the offsets formatInstant writes", () => {
    const stretches = steadyOffsets(
      'Europe/Berlin',
      instant('2026-01-01T00:00:00Z'),
      instant('2026-12-31T00:00:00Z'),
    );
    expect(stretches.map((s) => s.offset)).toEqual(['+01:00', '+02:00', '+01:00']);
    expect(stretches.map((s) => s.next?.at)).toEqual([
      instant('2026-03-29T01:00:00Z').epochNanoseconds,
      instant('2026-10-25T01:00:00Z').epochNanoseconds,
      instant('2027-03-28T01:00:00Z').epochNanoseconds,
    ]);
    expect(stretches[1]?.from).toBe(stretches[0]?.next?.at);
    // What the clock shows just before each change: the last nanosecond of 01:59 and of 02:59.
    expect(stretches.map((s) => s.next?.clockBefore.toString())).toEqual([
      '2026-03-29T01:59:59.999999999',
      '2026-10-25T02:59:59.999999999',
      '2027-03-28T01:59:59.999999999',
    ]);
  });

  it('gives one open stretch for a zone without changes', () => {
    const from = instant('2026-01-01T00:00:00Z');
    expect(steadyOffsets('Asia/Kolkata', from, instant('2026-12-31T00:00:00Z'))).toEqual([
      { from: from.epochNanoseconds, offset: '+05:30', next: null },
    ]);
  });

  it('gives no offset for local mean time, which RFC 3339 would round (+00:53:28)', () => {
    const [lmt] = steadyOffsets(
      'Europe/Berlin',
      instant('1850-01-01T00:00:00Z'),
      instant('1850-01-02T00:00:00Z'),
    );
    expect(lmt?.offset).toBeNull();
  });

  it('writes instants after a wall-clock time as formatInstant does, across midnight', () => {
    const zone = 'America/St_Johns';
    const at = instant('2026-06-01T23:00:00-02:30');
    const format = steadyFormatter(at, Temporal.PlainDateTime.from('2026-06-01T23:00'), '-02:30');
    for (const minutes of [0, 59, 60, 61, 24 * 60, 25 * 60 + 30]) {
      const later = at.add({ minutes });
      expect(format(later.epochNanoseconds)).toBe(formatInstant(later, zone));
    }
  });
});
