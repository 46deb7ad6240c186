// Diagnostic reports at the desk: what the next step of a report is, and a report's observations
// as the API takes them back when it is revised (the stored range becomes the only candidate).
import type {
  DiagnosticReportView,
  ObservationInput,
  ObservationView,
  ReferenceRangeInput,
} from '@medsync/contracts';

export type ReportStep = 'finalise' | 'release' | null;

/** Unreleased and not yet final: revise to final; final and unreleased: release. */
export function nextStep(report: Pick<DiagnosticReportView, 'status' | 'releasedAt'>): ReportStep {
  if (report.releasedAt !== null) return null;
  if (report.status === 'registered' || report.status === 'preliminary') return 'finalise';
  if (report.status === 'final') return 'release';
  return null;
}

function defined<T extends object>(entries: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(entries).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<T>;
}

export function observationInput(observation: ObservationView): ObservationInput {
  const range = observation.referenceRange
    ? (defined(observation.referenceRange) as ReferenceRangeInput)
    : null;
  return {
    name: observation.name,
    ...(observation.loincCode ? { loincCode: observation.loincCode } : {}),
    ...(observation.valueQuantity !== null
      ? {
          valueQuantity: observation.valueQuantity,
          ...(observation.unit ? { unit: observation.unit } : {}),
        }
      : observation.valueText !== null
        ? { valueText: observation.valueText }
        : {}),
    ...(range && Object.keys(range).length > 0 ? { referenceRanges: [range] } : {}),
  };
}

/** "3.5–5.1", "< 5.2", "> 40", the expected text, or "" when no range applies. */
export function rangeText(observation: ObservationView): string {
  const r = observation.referenceRange;
  if (!r) return '';
  if (r.text) return r.text;
  if (r.low !== null && r.high !== null) return `${r.low}–${r.high}`;
  if (r.high !== null) return `< ${r.high}`;
  if (r.low !== null) return `> ${r.low}`;
  return '';
}
