// How an observation is read out: its reference range as text and what its flag means, so that
// a flag is never only a colour or a letter.
import type {
  Interpretation,
  ObservationView as Observation,
  ReferenceRangeView as ReferenceRange,
} from '@medsync/contracts';
import { formatNumber } from '../../lib/format.js';

export type { Interpretation, Observation, ReferenceRange };

/** How serious a flag is: the badge's look and the words' tone. */
export function flagSeverity(flag: Interpretation | null): 'ok' | 'warning' | 'danger' | 'none' {
  if (flag === null) return 'none';
  if (flag === 'N') return 'ok';
  return flag === 'LL' || flag === 'HH' ? 'danger' : 'warning';
}

/** A decimal string for people: "6.8", "6,8". */
export function formatDecimal(value: string, locale: string): string {
  return formatNumber(Number(value), locale, 6);
}

/**
 * The normal range in words-free form: "3.5–5.1", "≤ 5.2", "≥ 40", or the expected text;
 * null when the range has no normal bounds (only critical limits).
 */
export function normalRange(range: ReferenceRange, locale: string): string | null {
  const { low, high, text } = range;
  if (text !== null) return text;
  if (low !== null && high !== null)
    return `${formatDecimal(low, locale)}–${formatDecimal(high, locale)}`;
  if (low !== null) return `≥ ${formatDecimal(low, locale)}`;
  if (high !== null) return `≤ ${formatDecimal(high, locale)}`;
  return null;
}

/** The value as measured: "6.8 mmol/L" or the text result. */
export function observedValue(observation: Observation, locale: string): string {
  if (observation.valueQuantity !== null) {
    const value = formatDecimal(observation.valueQuantity, locale);
    return observation.unit ? `${value} ${observation.unit}` : value;
  }
  return observation.valueText ?? '';
}
