import { describe, expect, it } from 'vitest';
import { isOutOfRange, rangeText, toneOf } from './flags.js';

const range = {
  low: null,
  high: null,
  criticalLow: null,
  criticalHigh: null,
  text: null,
  sex: null,
  ageMin: null,
  ageMax: null,
};

describe('result flags', () => {
  it('gives critical flags the strongest tone and normal the calmest', () => {
    expect(toneOf('N')).toBe('ok');
    expect(toneOf('L')).toBe('warning');
    expect(toneOf('H')).toBe('warning');
    expect(toneOf('A')).toBe('warning');
    expect(toneOf('LL')).toBe('danger');
    expect(toneOf('HH')).toBe('danger');
  });

  it('treats every flag but N as out of range, and no flag as unjudged', () => {
    expect(isOutOfRange('N')).toBe(false);
    expect(isOutOfRange(null)).toBe(false);
    expect(isOutOfRange('L')).toBe(true);
  });

  it('writes out two-sided, one-sided and text ranges', () => {
    expect(rangeText(null)).toBeNull();
    expect(rangeText({ ...range, low: '12', high: '15.5' })).toEqual({
      kind: 'between',
      low: '12',
      high: '15.5',
    });
    expect(rangeText({ ...range, low: '60' })).toEqual({ kind: 'atLeast', low: '60' });
    expect(rangeText({ ...range, high: '5.2' })).toEqual({ kind: 'atMost', high: '5.2' });
    expect(rangeText({ ...range, text: 'negative' })).toEqual({ kind: 'text', text: 'negative' });
    expect(rangeText(range)).toBeNull();
  });
});
