import type {
  DiagnosticReportView,
  Interpretation,
  ObservationView,
  ReportStatus,
} from '@medsync/contracts';
import type { Temporal } from 'temporal-polyfill';
import type { ObservationRow } from '../../db/schema/index.js';
import {
  firstInstantShowing,
  formatInstant,
  parseLocalDate,
  toInstant,
} from '../../shared/wall-clock.js';
import { isCritical } from './interpretation.js';
import type { JudgedObservation } from './reference-ranges.js';
import type { DocumentMeta, NewObservation, ReportRecord } from './repository.js';

const inZone = (date: Date, timeZone: string) => formatInstant(toInstant(date), timeZone);

/**
 * When the test was taken: the booking's start; for an imported report (no booking) the start of
 * its original result date in the location's zone (the first instant of that local day).
 */
export function effectiveInstant(r: {
  bookingStartAt: Date | null;
  resultDate: string | null;
  timeZone: string;
}): Temporal.Instant {
  if (r.bookingStartAt) return toInstant(r.bookingStartAt);
  return firstInstantShowing(parseLocalDate(r.resultDate!).toPlainDateTime(), r.timeZone);
}

/** NUMERIC(18,6) as the database spells it (`5.400000`) to the shortest decimal (`5.4`). */
export function plainDecimal(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return trimmed === '-0' ? '0' : trimmed;
}

export function presentObservation(row: ObservationRow): ObservationView {
  const judged =
    row.rangeLow !== null ||
    row.rangeHigh !== null ||
    row.rangeText !== null ||
    row.criticalLow !== null ||
    row.criticalHigh !== null;
  return {
    name: row.name,
    loincCode: row.loincCode,
    valueQuantity: plainDecimal(row.valueQuantity),
    unit: row.unit,
    valueText: row.valueText,
    referenceRange: judged
      ? {
          low: plainDecimal(row.rangeLow),
          high: plainDecimal(row.rangeHigh),
          criticalLow: plainDecimal(row.criticalLow),
          criticalHigh: plainDecimal(row.criticalHigh),
          text: row.rangeText,
          sex: row.rangeSex as 'female' | 'male' | null,
          ageMin: row.rangeAgeMin,
          ageMax: row.rangeAgeMax,
        }
      : null,
    interpretation: row.interpretation as Interpretation | null,
  };
}

/** A judged observation as its row, at `position` in revision `reportId`. */
export const observationRow = (
  reportId: string,
  position: number,
  o: JudgedObservation,
): NewObservation => ({
  reportId,
  position,
  name: o.name,
  loincCode: o.loincCode,
  valueQuantity: o.valueQuantity,
  unit: o.unit,
  valueText: o.valueText,
  rangeLow: o.range?.low ?? null,
  rangeHigh: o.range?.high ?? null,
  rangeText: o.range?.text ?? null,
  rangeSex: o.range?.sex ?? null,
  rangeAgeMin: o.range?.ageMin ?? null,
  rangeAgeMax: o.range?.ageMax ?? null,
  criticalLow: o.range?.criticalLow ?? null,
  criticalHigh: o.range?.criticalHigh ?? null,
  interpretation: o.interpretation,
});

/** Views of report revisions, given every observation and document row they need. */
export function presentReports(
  records: readonly ReportRecord[],
  observationRows: readonly ObservationRow[],
  documentRows: readonly DocumentMeta[],
): DiagnosticReportView[] {
  const byReport = groupBy(observationRows, (row) => row.reportId);
  const docsByLineage = groupBy(documentRows, (row) => row.reportId);
  return records.map((r) => {
    const rows = byReport.get(r.id) ?? [];
    const status = r.status as ReportStatus;
    return {
      id: r.lineageId,
      revision: r.revision,
      status,
      amended: status === 'amended' || status === 'corrected',
      title: r.title,
      summary: r.summary,
      patientId: r.patientId,
      bookingId: r.bookingId,
      source: r.source as 'recorded' | 'imported',
      locationId: r.locationId,
      orderingDoctorId: r.orderingDoctorId,
      effectiveAt: formatInstant(effectiveInstant(r), r.timeZone),
      issuedAt: inZone(r.createdAt, r.timeZone),
      authorAccountId: r.authorAccountId,
      revisionReason: r.revisionReason,
      releasedAt: r.releasedAt && inZone(r.releasedAt, r.timeZone),
      releasedBy: r.releasedBy,
      critical: rows.some((row) => isCritical(row.interpretation)),
      criticalAcknowledgedAt:
        r.criticalAcknowledgedAt && inZone(r.criticalAcknowledgedAt, r.timeZone),
      criticalAcknowledgedBy: r.criticalAcknowledgedBy,
      observations: rows.map(presentObservation),
      documents: (docsByLineage.get(r.lineageId) ?? []).map((d) => ({
        id: d.id,
        fileName: d.fileName,
        contentType: d.contentType,
        byteSize: d.byteSize,
        createdAt: inZone(d.createdAt, r.timeZone),
      })),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The audit event of an action on a report: ids only. */
export const reportEvent = (
  action: string,
  report: { id: string | null; patientId: string | null },
) => ({
  action: `diagnostic-report.${action}`,
  resourceType: 'diagnostic-report',
  resourceId: report.id,
  patientId: report.patientId,
});
