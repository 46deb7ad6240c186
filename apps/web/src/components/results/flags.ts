// What a result's flag means, for people: each interpretation the server computes (FHIR's
// N, L, H, LL, HH, A) gets a word and a sentence, and a tone for the badge that is never the only
// carrier of the meaning. The reference range is written out the same way for every view.
import type { Interpretation, ReferenceRangeView } from '@medsync/contracts';

export type { Interpretation };

export type Tone = 'ok' | 'warning' | 'danger';

export function toneOf(flag: Interpretation): Tone {
  if (flag === 'N') return 'ok';
  if (flag === 'LL' || flag === 'HH') return 'danger';
  return 'warning';
}

/** Whether the flag marks a value outside its normal range (or an abnormal text). */
export function isOutOfRange(flag: Interpretation | null): boolean {
  return flag !== null && flag !== 'N';
}

/**
 * The range as text parts: `{ kind: 'between', low, high }`, `above`/`below` for one-sided ranges,
 * `text` for an expected text, or null when none applies.
 */
export type RangeText =
  | { kind: 'between'; low: string; high: string }
  | { kind: 'atLeast'; low: string }
  | { kind: 'atMost'; high: string }
  | { kind: 'text'; text: string };

export function rangeText(range: ReferenceRangeView | null): RangeText | null {
  if (!range) return null;
  if (range.low !== null && range.high !== null)
    return { kind: 'between', low: range.low, high: range.high };
  if (range.low !== null) return { kind: 'atLeast', low: range.low };
  if (range.high !== null) return { kind: 'atMost', high: range.high };
  if (range.text !== null) return { kind: 'text', text: range.text };
  return null;
}
