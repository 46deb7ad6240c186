import { describe, expect, it } from 'vitest';
import { flagSeverity, normalRange, type Observation, observedValue } from './results.js';

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

describe('reading an observation', () => {
  it('writes the normal range with the locale’s decimals', () => {
    expect(normalRange({ ...range, low: '3.5', high: '5.1' }, 'en')).toBe('3.5–5.1');
    expect(normalRange({ ...range, low: '3.5', high: '5.1' }, 'de')).toBe('3,5–5,1');
    expect(normalRange({ ...range, high: '5.2' }, 'en')).toBe('≤ 5.2');
    expect(normalRange({ ...range, low: '40' }, 'en')).toBe('≥ 40');
    expect(normalRange({ ...range, text: 'negative' }, 'en')).toBe('negative');
    expect(normalRange({ ...range, criticalHigh: '6' }, 'en')).toBeNull();
  });

  it('shows the value with its unit, or the text result', () => {
    const base: Observation = {
      name: 'Potassium',
      loincCode: null,
      valueQuantity: '6.8',
      unit: 'mmol/L',
      valueText: null,
      referenceRange: null,
      interpretation: 'HH',
    };
    expect(observedValue(base, 'en')).toBe('6.8 mmol/L');
    expect(
      observedValue({ ...base, valueQuantity: null, unit: null, valueText: 'positive' }, 'en'),
    ).toBe('positive');
  });

  it('ranks the flags: critical above abnormal above normal', () => {
    expect(flagSeverity('HH')).toBe('danger');
    expect(flagSeverity('LL')).toBe('danger');
    expect(flagSeverity('L')).toBe('warning');
    expect(flagSeverity('A')).toBe('warning');
    expect(flagSeverity('N')).toBe('ok');
    expect(flagSeverity(null)).toBe('none');
  });
});
