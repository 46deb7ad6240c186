import type { Interpretation } from '@medsync/contracts';

// How a value is judged against its reference range: pure, exact (decimals compared as scaled
// integers, never floats), and the only place the bounds' semantics are written.
//
// - Normal range inclusive: low ≤ value ≤ high is `N`; value < low is `L`, value > high is `H`.
// - Critical limits inclusive: value ≤ criticalLow is `LL`, value ≥ criticalHigh is `HH`; they
//   take precedence over `L`/`H`.
// - A text value against an expected text: equal ignoring case and surrounding spaces is `N`,
//   anything else `A`.
// - Nothing to judge against (no range, or a range of the other kind): null.

export interface JudgedRange {
  low: string | null;
  high: string | null;
  criticalLow: string | null;
  criticalHigh: string | null;
  text: string | null;
}

export type ObservedValue = { quantity: string } | { text: string };

const SCALE = 6;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as an integer count of millionths; at most six fraction digits. */
export function scaled(decimal: string): bigint {
  const match = DECIMAL.exec(decimal.trim());
  if (!match || (match[3]?.length ?? 0) > SCALE) throw new RangeError(`not a decimal: ${decimal}`);
  const [, sign, whole, fraction = ''] = match;
  const value = BigInt(whole!) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'));
  return sign === '-' ? -value : value;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = [scaled(a), scaled(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The interpretation of `value` against `range`, or null when there is nothing to judge by. */
export function interpret(value: ObservedValue, range: JudgedRange | null): Interpretation | null {
  if (range === null) return null;
  if ('text' in value) {
    if (range.text === null) return null;
    return normalText(value.text) === normalText(range.text) ? 'N' : 'A';
  }
  const v = value.quantity;
  const { low, high, criticalLow, criticalHigh } = range;
  if (low === null && high === null && criticalLow === null && criticalHigh === null) return null;
  if (criticalLow !== null && compareDecimals(v, criticalLow) <= 0) return 'LL';
  if (criticalHigh !== null && compareDecimals(v, criticalHigh) >= 0) return 'HH';
  if (low !== null && compareDecimals(v, low) < 0) return 'L';
  if (high !== null && compareDecimals(v, high) > 0) return 'H';
  return 'N';
}

const normalText = (text: string) => text.trim().toLocaleLowerCase('en');

/** Whether the interpretation is a critical value, to be acknowledged by the ordering doctor. */
export const isCritical = (interpretation: string | null): boolean =>
  interpretation === 'LL' || interpretation === 'HH';
