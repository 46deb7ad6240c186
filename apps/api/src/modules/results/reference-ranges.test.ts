import type { ObservationInput, ReferenceRangeInput } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  judgeObservations,
  observationProblems,
  selectRange,
} from './reference-ranges.js';
import { revisionStatuses } from './rules.js';

// Choosing the reference range for a patient (sex, age at the test, in the location's zone),
// checking candidate ranges, and the status moves of a revision.

const adultMale: ReferenceRangeInput = { low: '13.5', high: '17.5', sex: 'male', ageMin: 18 };
const adultFemale: ReferenceRangeInput = { low: '12', high: '15.5', sex: 'female', ageMin: 18 };
const child: ReferenceRangeInput = { low: '11', high: '14', ageMax: 17 };
const anyone: ReferenceRangeInput = { low: '11', high: '18' };
const HEMOGLOBIN = [anyone, adultMale, adultFemale, child];

describe('ageInYears', () => {
  it('counts completed years at the local date of the location', () => {
    // 23:30 UTC on 14 June is already 15 June in Berlin: the birthday has come.
    expect(ageInYears('2000-06-15', new Date('2018-06-14T23:30:00Z'), 'Europe/Berlin')).toBe(18);
    expect(ageInYears('2000-06-15', new Date('2018-06-14T23:30:00Z'), 'America/New_York')).toBe(17);
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    expect(ageInYears('2000-02-29', new Date('2001-02-28T12:00:00Z'), 'UTC')).toBe(0);
    expect(ageInYears('2000-02-29', new Date('2001-03-01T12:00:00Z'), 'UTC')).toBe(1);
  });
});

describe('selectRange', () => {
  it('takes the most specific range that applies', () => {
    expect(selectRange(HEMOGLOBIN, { sex: 'male', ageYears: 40 })).toBe(adultMale);
    expect(selectRange(HEMOGLOBIN, { sex: 'female', ageYears: 18 })).toBe(adultFemale);
    expect(selectRange(HEMOGLOBIN, { sex: 'female', ageYears: 17 })).toBe(child);
    expect(selectRange(HEMOGLOBIN, { sex: 'unknown', ageYears: 40 })).toBe(anyone);
    expect(selectRange(HEMOGLOBIN, { sex: 'other', ageYears: 5 })).toBe(child);
  });

  it('treats age bounds as inclusive', () => {
    const teen: ReferenceRangeInput = { low: '1', ageMin: 13, ageMax: 17 };
    expect(selectRange([teen], { sex: 'male', ageYears: 12 })).toBeNull();
    expect(selectRange([teen], { sex: 'male', ageYears: 13 })).toBe(teen);
    expect(selectRange([teen], { sex: 'male', ageYears: 17 })).toBe(teen);
    expect(selectRange([teen], { sex: 'male', ageYears: 18 })).toBeNull();
  });

  it('gives null when none applies and refuses a tie', () => {
    expect(selectRange([adultMale], { sex: 'female', ageYears: 30 })).toBeNull();
    expect(selectRange([], { sex: 'female', ageYears: 30 })).toBeNull();
    const overlapping: ReferenceRangeInput[] = [
      { low: '1', ageMax: 18 },
      { low: '2', ageMin: 18 },
    ];
    expect(selectRange(overlapping, { sex: 'male', ageYears: 18 })).toBe('ambiguous');
    expect(selectRange(overlapping, { sex: 'male', ageYears: 19 })).toBe(overlapping[1]);
  });
});

describe('judgeObservations', () => {
  it('stores the range that applied and the interpretation against it', () => {
    const input: ObservationInput = {
      name: 'Hb',
      valueQuantity: '13',
      unit: 'g/dL',
      referenceRanges: HEMOGLOBIN,
    };
    const male = judgeObservations([input], { sex: 'male', ageYears: 40 });
    expect(male.observations[0]).toMatchObject({
      range: { low: '13.5', high: '17.5', sex: 'male', ageMin: 18, ageMax: null },
      interpretation: 'L',
    });
    const female = judgeObservations([input], { sex: 'female', ageYears: 40 });
    expect(female.observations[0]).toMatchObject({ range: { sex: 'female' }, interpretation: 'N' });
  });

  it('names an ambiguous definition by its path', () => {
    const ranges: ReferenceRangeInput[] = [{ low: '1' }, { low: '2' }];
    const { problems } = judgeObservations(
      [{ name: 'x', valueQuantity: '1', referenceRanges: ranges }],
      { sex: 'male', ageYears: 1 },
    );
    expect(problems).toEqual([
      { field: 'observations/0/referenceRanges', message: expect.any(String) },
    ]);
  });
});

describe('observationProblems', () => {
  const fields = (input: ObservationInput) => observationProblems(input, 2).map((p) => p.field);

  it('wants exactly one value, and a unit only with a quantity', () => {
    expect(fields({ name: 'x' })).toEqual(['observations/2/valueQuantity']);
    expect(fields({ name: 'x', valueQuantity: '1', valueText: 'one' })).toEqual([
      'observations/2/valueQuantity',
    ]);
    expect(fields({ name: 'x', valueText: 'clear', unit: 'mg' })).toEqual(['observations/2/unit']);
    expect(fields({ name: 'x', valueQuantity: '1', unit: 'mg' })).toEqual([]);
  });

  it('checks that bounds are ordered and match the kind of value', () => {
    const ranged = (
      range: ReferenceRangeInput,
      value: Partial<ObservationInput> = { valueQuantity: '1' },
    ) => fields({ name: 'x', ...value, referenceRanges: [range] });
    expect(ranged({ low: '5', high: '4' })).toEqual(['observations/2/referenceRanges/0/high']);
    expect(ranged({ low: '5', high: '5' })).toEqual([]);
    expect(ranged({ low: '3', criticalLow: '3' })).toEqual([
      'observations/2/referenceRanges/0/criticalLow',
    ]);
    expect(ranged({ high: '5', criticalHigh: '5' })).toEqual([
      'observations/2/referenceRanges/0/criticalHigh',
    ]);
    expect(ranged({ criticalLow: '5', criticalHigh: '5' })).toEqual([
      'observations/2/referenceRanges/0/criticalHigh',
    ]);
    expect(ranged({ low: '1', ageMin: 10, ageMax: 9 })).toEqual([
      'observations/2/referenceRanges/0/ageMax',
    ]);
    expect(ranged({ text: 'negative' })).toEqual([
      'observations/2/referenceRanges/0/low',
      'observations/2/referenceRanges/0/text',
    ]);
    expect(ranged({ low: '1' }, { valueText: 'clear' })).toEqual([
      'observations/2/referenceRanges/0/text',
      'observations/2/referenceRanges/0/low',
    ]);
    expect(ranged({ text: 'negative' }, { valueText: 'clear' })).toEqual([]);
  });
});

describe('revisionStatuses', () => {
  it('moves an unreleased report forward, a released one to amended or corrected', () => {
    expect(revisionStatuses('registered', false)).toEqual([
      'registered',
      'preliminary',
      'final',
      'entered-in-error',
    ]);
    expect(revisionStatuses('final', false)).toEqual(['final', 'entered-in-error']);
    expect(revisionStatuses('final', true)).toEqual(['amended', 'corrected', 'entered-in-error']);
    expect(revisionStatuses('amended', true)).toEqual(['amended', 'corrected', 'entered-in-error']);
    expect(revisionStatuses('entered-in-error', true)).toEqual([]);
  });
});
