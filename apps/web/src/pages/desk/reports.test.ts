import type { ObservationView } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import { nextStep, observationInput, rangeText } from './reports.js';

const observation = (over: Partial<ObservationView> = {}): ObservationView => ({
  name: 'LDL cholesterol',
  loincCode: '13457-7',
  valueQuantity: '4.1',
  unit: 'mmol/L',
  valueText: null,
  referenceRange: {
    low: null,
    high: '3.0',
    criticalLow: null,
    criticalHigh: null,
    text: null,
    sex: null,
    ageMin: null,
    ageMax: null,
  },
  interpretation: 'H',
  ...over,
});

describe('the next step of a report', () => {
  it('finalises a preliminary one, releases a final one, and leaves a released one', () => {
    expect(nextStep({ status: 'preliminary', releasedAt: null })).toBe('finalise');
    expect(nextStep({ status: 'registered', releasedAt: null })).toBe('finalise');
    expect(nextStep({ status: 'final', releasedAt: null })).toBe('release');
    expect(nextStep({ status: 'final', releasedAt: '2026-12-01T10:00:00+01:00' })).toBeNull();
  });
});

describe('a stored observation sent back with a revision', () => {
  it('keeps value, unit and the range it was judged against, without nulls', () => {
    expect(observationInput(observation())).toEqual({
      name: 'LDL cholesterol',
      loincCode: '13457-7',
      valueQuantity: '4.1',
      unit: 'mmol/L',
      referenceRanges: [{ high: '3.0' }],
    });
  });

  it('keeps a text value and sends no range when none applied', () => {
    expect(
      observationInput(
        observation({
          valueQuantity: null,
          unit: null,
          valueText: 'negative',
          referenceRange: null,
          loincCode: null,
        }),
      ),
    ).toEqual({ name: 'LDL cholesterol', valueText: 'negative' });
  });
});

describe('a range as text', () => {
  it('shows the bounds there are', () => {
    expect(rangeText(observation())).toBe('< 3.0');
    expect(rangeText(observation({ referenceRange: null }))).toBe('');
  });
});
