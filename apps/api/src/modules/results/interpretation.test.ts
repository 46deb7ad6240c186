import { describe, expect, it } from 'vitest';
import { compareDecimals, interpret, type JudgedRange, scaled } from './interpretation.js';

// The flags at and around every bound: normal range inclusive, critical limits inclusive and
// stronger than L/H, text against an expected text ignoring case.

const range = (r: Partial<JudgedRange>): JudgedRange => ({
  low: null,
  high: null,
  criticalLow: null,
  criticalHigh: null,
  text: null,
  ...r,
});
const q = (quantity: string) => ({ quantity });

describe('decimals', () => {
  it('compares exactly, beyond what a float holds', () => {
    expect(compareDecimals('123456789012.000001', '123456789012.000002')).toBe(-1);
    expect(compareDecimals('0.1', '0.100000')).toBe(0);
    expect(compareDecimals('-1.5', '-1.49')).toBe(-1);
    expect(compareDecimals('-0', '0')).toBe(0);
    expect(compareDecimals('10', '9.999999')).toBe(1);
    expect(scaled('3.5')).toBe(3_500_000n);
  });

  it('refuses what is not a decimal of at most six fraction digits', () => {
    expect(() => scaled('1e3')).toThrow(RangeError);
    expect(() => scaled('0.0000001')).toThrow(RangeError);
  });
});

describe('interpret: a quantity against a normal range (inclusive)', () => {
  const normal = range({ low: '3.5', high: '5.1' });
  it.each([
    ['3.499999', 'L'],
    ['3.5', 'N'],
    ['3.500001', 'N'],
    ['4.2', 'N'],
    ['5.099999', 'N'],
    ['5.1', 'N'],
    ['5.100001', 'H'],
    ['-3', 'L'],
  ])('%s → %s', (value, flag) => {
    expect(interpret(q(value), normal)).toBe(flag);
  });

  it('judges against one bound alone', () => {
    expect(interpret(q('199.99'), range({ high: '200' }))).toBe('N');
    expect(interpret(q('200.01'), range({ high: '200' }))).toBe('H');
    expect(interpret(q('59.9'), range({ low: '60' }))).toBe('L');
    expect(interpret(q('60'), range({ low: '60' }))).toBe('N');
  });
});

describe('interpret: critical limits (value ≤ criticalLow is LL, ≥ criticalHigh is HH)', () => {
  const potassium = range({ low: '3.5', high: '5.1', criticalLow: '2.5', criticalHigh: '6.5' });
  it.each([
    ['2.4', 'LL'],
    ['2.499999', 'LL'],
    ['2.5', 'LL'],
    ['2.500001', 'L'],
    ['3.499999', 'L'],
    ['3.5', 'N'],
    ['5.1', 'N'],
    ['5.100001', 'H'],
    ['6.499999', 'H'],
    ['6.5', 'HH'],
    ['6.500001', 'HH'],
    ['100', 'HH'],
  ])('%s → %s', (value, flag) => {
    expect(interpret(q(value), potassium)).toBe(flag);
  });

  it('uses critical limits without a normal range', () => {
    const limits = range({ criticalLow: '40', criticalHigh: '400' });
    expect(interpret(q('40'), limits)).toBe('LL');
    expect(interpret(q('40.000001'), limits)).toBe('N');
    expect(interpret(q('399.999999'), limits)).toBe('N');
    expect(interpret(q('400'), limits)).toBe('HH');
  });

  it('handles negative limits', () => {
    const baseExcess = range({ low: '-2', high: '2', criticalLow: '-10', criticalHigh: '10' });
    expect(interpret(q('-10'), baseExcess)).toBe('LL');
    expect(interpret(q('-9.999999'), baseExcess)).toBe('L');
    expect(interpret(q('-2'), baseExcess)).toBe('N');
    expect(interpret(q('-2.000001'), baseExcess)).toBe('L');
  });
});

describe('interpret: text results', () => {
  const negative = range({ text: 'Negative' });
  it.each([
    ['negative', 'N'],
    ['NEGATIVE', 'N'],
    ['  Negative ', 'N'],
    ['positive', 'A'],
    ['negative (trace)', 'A'],
  ])('%s → %s', (value, flag) => {
    expect(interpret({ text: value }, negative)).toBe(flag);
  });
});

describe('interpret: nothing to judge by', () => {
  it('gives null without a range, or with a range of the other kind', () => {
    expect(interpret(q('1'), null)).toBeNull();
    expect(interpret({ text: 'clear' }, null)).toBeNull();
    expect(interpret(q('1'), range({ text: 'negative' }))).toBeNull();
    expect(interpret({ text: 'clear' }, range({ low: '1', high: '2' }))).toBeNull();
  });
});
