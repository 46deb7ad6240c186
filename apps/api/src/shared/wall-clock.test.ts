import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  firstInstantShowing,
  formatInstant,
  instantsShowing,
  parseLocalDate,
  parseTimeZone,
} from './wall-clock.js';

const BERLIN = 'Europe/Berlin';
const wall = (text: string) => Temporal.PlainDateTime.from(text);
const strings = (instants: Temporal.Instant[]) => instants.map((i) => formatInstant(i, BERLIN));

describe('wall clock to instants', () => {
  it('finds no instant for a time in the spring-forward gap', () => {
    expect(instantsShowing(wall('2026-03-29T02:00'), BERLIN)).toEqual([]);
    expect(instantsShowing(wall('2026-03-29T02:59'), BERLIN)).toEqual([]);
  });

  it('finds both occurrences of a time in the fall-back repeat, earlier first', () => {
    expect(strings(instantsShowing(wall('2026-10-25T02:30'), BERLIN))).toEqual([
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30:00+01:00',
    ]);
  });

  it('finds one instant for an ordinary time, including the transitions themselves', () => {
    expect(strings(instantsShowing(wall('2026-03-29T03:00'), BERLIN))).toEqual([
      '2026-03-29T03:00:00+02:00',
    ]);
    expect(strings(instantsShowing(wall('2026-10-25T03:00'), BERLIN))).toEqual([
      '2026-10-25T03:00:00+01:00',
    ]);
  });

  it("takes a gap bound to the transition, which Temporal's 'compatible' does not", () => {
    const inGap = wall('2026-03-29T02:30');
    expect(formatInstant(firstInstantShowing(inGap, BERLIN), BERLIN)).toBe(
      '2026-03-29T03:00:00+02:00',
    );
    // Why the engine does not use Temporal's disambiguation: it lands a gap's length further on.
    const compatible = inGap.toZonedDateTime(BERLIN, { disambiguation: 'compatible' });
    expect(compatible.toString({ timeZoneName: 'never' })).toBe('2026-03-29T03:30:00+02:00');
  });

  it('takes a repeated bound to its first occurrence', () => {
    expect(formatInstant(firstInstantShowing(wall('2026-10-25T02:30'), BERLIN), BERLIN)).toBe(
      '2026-10-25T02:30:00+02:00',
    );
  });

  it('finds the transition of a 30-minute gap (Lord Howe)', () => {
    const zone = 'Australia/Lord_Howe';
    const bound = firstInstantShowing(wall('2026-10-04T02:10'), zone);
    expect(formatInstant(bound, zone)).toBe('2026-10-04T02:30:00+11:00');
  });
});

describe('parsing', () => {
  it('canonicalises a zone name and refuses unknown zones and fixed offsets', () => {
    expect(parseTimeZone('europe/berlin')).toBe(BERLIN);
    expect(() => parseTimeZone('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => parseTimeZone('+02:00')).toThrow(RangeError);
  });

  it('accepts only YYYY-MM-DD dates that exist', () => {
    expect(parseLocalDate('2026-02-28').toString()).toBe('2026-02-28');
    for (const bad of ['20260228', '2026-02-28T10:00', '2026-02-30']) {
      expect(() => parseLocalDate(bad)).toThrow(RangeError);
    }
  });
});
