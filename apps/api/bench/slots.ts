import { Temporal } from 'temporal-polyfill';
import { type FreeSlot, freeSlots, type SlotRequest } from '../src/modules/availability/slots.js';

// `npm run bench:slots`: the pure slot engine, no database. A doctor open 08:00–18:00 every day
// with 30-minute slots (20 a day), far from `now`, for a day, a week (140 slots) and 31 days, in
// three zones; a week and 31 days also with a DST change in them. The busy case adds a half-hour
// booking every 90 minutes. Prints the median of seven timed rounds of each; µs per slot divides
// by the slots laid out (the busy case offers fewer for the same work).

const ZONES = [
  { timeZone: 'Europe/Berlin', change: '2026-10-25' },
  { timeZone: 'America/New_York', change: '2026-11-01' },
  { timeZone: 'Australia/Lord_Howe', change: '2026-10-04' }, // 30-minute change
];

interface Range {
  name: string;
  from: string;
  to: string;
}

function ranges(change: string): Range[] {
  const day = Temporal.PlainDate.from(change);
  const dates = (from: Temporal.PlainDate, to: Temporal.PlainDate) => ({
    from: from.toString(),
    to: to.toString(),
  });
  return [
    { name: 'day (as search asks)', from: '2026-06-10', to: '2026-06-10' },
    { name: 'week', from: '2026-06-08', to: '2026-06-14' },
    { name: 'week, DST change', ...dates(day.subtract({ days: 6 }), day) },
    { name: '31 days', from: '2026-06-01', to: '2026-07-01' },
    { name: '31 days, DST change', ...dates(day.subtract({ days: 15 }), day.add({ days: 15 })) },
  ];
}

function request(timeZone: string, range: Range, busy: boolean): SlotRequest {
  return {
    timeZone,
    from: range.from,
    to: range.to,
    workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      opensAt: '08:00',
      closesAt: '18:00',
    })),
    slotMinutes: 30,
    busy: busy ? bookingsEvery90Minutes(range) : [],
    now: '2026-01-01T00:00:00Z',
    minNoticeMinutes: 60,
    horizonDays: 365,
  };
}

/** Half-hour bookings every 90 minutes over the range, as availability passes them (in UTC). */
function bookingsEvery90Minutes(range: Range) {
  const first = Date.parse(`${range.from}T00:00:00Z`);
  const last = Date.parse(`${range.to}T23:59:00Z`) + 86_400_000;
  const busy = [];
  for (let at = first; at < last; at += 90 * 60_000) {
    busy.push({
      startAt: new Date(at).toISOString(),
      endAt: new Date(at + 30 * 60_000).toISOString(),
    });
  }
  return busy;
}

/** Median milliseconds per call, after a warm-up, over rounds of about 200 ms each. */
function time(run: () => FreeSlot[]): { ms: number; slots: number } {
  const slots = run().length;
  for (const end = performance.now() + 300; performance.now() < end; ) run();
  const perCall: number[] = [];
  for (let round = 0; round < 7; round++) {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < 200) {
      run();
      calls++;
    }
    perCall.push((performance.now() - start) / calls);
  }
  perCall.sort((a, b) => a - b);
  return { ms: perCall[Math.floor(perCall.length / 2)]!, slots };
}

const rows = [];
for (const { timeZone, change } of ZONES) {
  for (const range of ranges(change)) {
    const laidOut = freeSlots(request(timeZone, range, false)).length;
    for (const busy of [false, true]) {
      const asked = request(timeZone, range, busy);
      const { ms, slots } = time(() => freeSlots(asked));
      rows.push({
        zone: timeZone,
        range: range.name,
        busy: busy ? 'every 90 min' : 'none',
        'free slots': slots,
        'ms per call': ms.toFixed(3),
        'µs per slot': ((ms * 1000) / laidOut).toFixed(1),
      });
    }
  }
}
console.table(rows);
