import type { ObservationInput, ReferenceRangeInput } from '@medsync/contracts';
import type { FieldError } from '../../shared/errors.js';
import { parseLocalDate, toInstant } from '../../shared/wall-clock.js';
import { compareDecimals, interpret, type JudgedRange } from './interpretation.js';

// Which candidate reference range applies to a patient, checked before anything is stored, and
// the observation as stored: its value, the range it was judged against, its interpretation.

/** Who the ranges are chosen for: the patient's sex and age (completed years) at the test. */
export interface Subject {
  sex: string;
  ageYears: number;
}

/**
 * Completed years from the date of birth to the local date of `at` in `timeZone`. Temporal
 * counts a 29 February birthday from 1 March in common years.
 */
export function ageInYears(dateOfBirth: string, at: Date, timeZone: string): number {
  const today = toInstant(at).toZonedDateTimeISO(timeZone).toPlainDate();
  return parseLocalDate(dateOfBirth).until(today, { largestUnit: 'years' }).years;
}

export interface StoredRange extends JudgedRange {
  sex: string | null;
  ageMin: number | null;
  ageMax: number | null;
}

export interface JudgedObservation {
  name: string;
  loincCode: string | null;
  valueQuantity: string | null;
  unit: string | null;
  valueText: string | null;
  range: StoredRange | null;
  interpretation: ReturnType<typeof interpret>;
}

/** The problems of one observation's input, with paths from the observation list. */
export function observationProblems(input: ObservationInput, index: number): FieldError[] {
  const at = `observations/${index}`;
  const problems: FieldError[] = [];
  const quantity = input.valueQuantity !== undefined;
  if (quantity === (input.valueText !== undefined)) {
    problems.push({
      field: `${at}/valueQuantity`,
      message: 'give exactly one of valueQuantity and valueText',
    });
  }
  if (input.unit !== undefined && !quantity) {
    problems.push({ field: `${at}/unit`, message: 'belongs to a valueQuantity' });
  }
  (input.referenceRanges ?? []).forEach((range, j) => {
    problems.push(...rangeProblems(range, quantity, `${at}/referenceRanges/${j}`));
  });
  return problems;
}

function rangeProblems(range: ReferenceRangeInput, quantity: boolean, at: string): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field: `${at}/${field}`, message });
  const numeric = [range.low, range.high, range.criticalLow, range.criticalHigh].some(
    (v) => v !== undefined,
  );
  if (quantity && !numeric)
    add('low', 'a quantity needs a numeric range (low, high or critical limits)');
  if (quantity && range.text !== undefined) add('text', 'belongs to a range for a text value');
  if (!quantity && range.text === undefined) add('text', 'a text value needs an expected text');
  if (!quantity && numeric) add('low', 'numeric bounds belong to a range for a quantity');
  const below = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && compareDecimals(a, b) >= 0;
  if (
    range.low !== undefined &&
    range.high !== undefined &&
    compareDecimals(range.low, range.high) > 0
  ) {
    add('high', 'must not be below low');
  }
  if (below(range.criticalLow, range.low ?? range.high))
    add('criticalLow', 'must be below the normal range');
  if (below(range.high ?? range.low, range.criticalHigh))
    add('criticalHigh', 'must be above the normal range');
  if (below(range.criticalLow, range.criticalHigh))
    add('criticalHigh', 'must be above criticalLow');
  if (range.ageMin !== undefined && range.ageMax !== undefined && range.ageMin > range.ageMax) {
    add('ageMax', 'must not be below ageMin');
  }
  return problems;
}

const applies = (range: ReferenceRangeInput, subject: Subject) =>
  (range.sex === undefined || range.sex === subject.sex) &&
  (range.ageMin === undefined || subject.ageYears >= range.ageMin) &&
  (range.ageMax === undefined || subject.ageYears <= range.ageMax);

const specificity = (range: ReferenceRangeInput) =>
  (range.sex === undefined ? 0 : 1) +
  (range.ageMin === undefined && range.ageMax === undefined ? 0 : 1);

/**
 * The candidate that applies to the subject: the most specific of those whose qualifiers match
 * (a sex and an age qualifier count one each). None applying gives null; two equally specific
 * ones applying is an ambiguous definition, refused rather than guessed.
 */
export function selectRange(
  ranges: readonly ReferenceRangeInput[],
  subject: Subject,
): ReferenceRangeInput | null | 'ambiguous' {
  const matching = ranges.filter((range) => applies(range, subject));
  if (matching.length === 0) return null;
  const best = Math.max(...matching.map(specificity));
  const top = matching.filter((range) => specificity(range) === best);
  return top.length === 1 ? top[0]! : 'ambiguous';
}

const stored = (range: ReferenceRangeInput): StoredRange => ({
  low: range.low ?? null,
  high: range.high ?? null,
  criticalLow: range.criticalLow ?? null,
  criticalHigh: range.criticalHigh ?? null,
  text: range.text ?? null,
  sex: range.sex ?? null,
  ageMin: range.ageMin ?? null,
  ageMax: range.ageMax ?? null,
});

/**
 * Judges valid inputs for the subject: each with the range that applies and its interpretation.
 * Returns the problems instead when a definition is ambiguous for this patient.
 */
export function judgeObservations(
  inputs: readonly ObservationInput[],
  subject: Subject,
): { observations: JudgedObservation[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const observations = inputs.map((input, index): JudgedObservation => {
    const selected = selectRange(input.referenceRanges ?? [], subject);
    if (selected === 'ambiguous') {
      problems.push({
        field: `observations/${index}/referenceRanges`,
        message: 'more than one range applies to this patient equally: qualify them by sex or age',
      });
    }
    const range = selected === null || selected === 'ambiguous' ? null : stored(selected);
    const value =
      input.valueQuantity !== undefined
        ? { quantity: input.valueQuantity }
        : { text: input.valueText! };
    return {
      name: input.name,
      loincCode: input.loincCode ?? null,
      valueQuantity: input.valueQuantity ?? null,
      unit: input.unit ?? null,
      valueText: input.valueText ?? null,
      range,
      interpretation: interpret(value, range),
    };
  });
  return { observations, problems };
}
