// One diagnostic report as people read it: title, when and where the test was taken (in the
// clinic's zone, labelled), its status and whether it changed after release, the summary, every
// observation against its reference range with its flag in words, and the attached documents.
// Patients, doctors and the front desk all see results this way.
import type { DiagnosticReportView, ObservationView } from '@medsync/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime, zoneName } from '../../lib/format.js';
import { DocumentDownload } from './DocumentDownload.js';
import { isOutOfRange, rangeText, toneOf } from './flags.js';
import { useClinic } from './useLocation.js';
import './results.css';
import { useLocale } from '../../lib/locale.js';

type Heading = 'h2' | 'h3';

export function ResultView(props: { report: DiagnosticReportView; heading?: Heading }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { report } = props;
  const H = props.heading ?? 'h2';
  const clinic = useClinic(report.locationId).data;
  const zone = clinic?.timeZone;
  const headingId = `report-${report.id}`;
  return (
    <article className="card result" aria-labelledby={headingId}>
      <H id={headingId} className="result-title">
        {report.title}
      </H>
      <p className="muted small result-meta">
        {zone
          ? t('results.takenAt', {
              when: formatDateTime(report.effectiveAt, zone, locale),
              zone: zoneName(zone, locale, report.effectiveAt),
            })
          : null}
        {clinic ? <> · {clinic.name}</> : null}
        {' · '}
        <span>{t(`results.status.${report.status}`)}</span>
      </p>
      {report.amended ? (
        <p className="warning small">
          {t('results.amendedNote')}
          {report.revisionReason
            ? ` ${t('results.reason', { reason: report.revisionReason })}`
            : ''}
        </p>
      ) : null}
      {report.summary ? <p className="result-summary">{report.summary}</p> : null}
      {report.observations.length > 0 ? (
        <div className="table-scroll">
          <table className="observations">
            <caption className="visually-hidden">
              {t('results.observationsOf', { title: report.title })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('results.test')}</th>
                <th scope="col">{t('results.value')}</th>
                <th scope="col">{t('results.range')}</th>
                <th scope="col">{t('results.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {observationKeys(report.observations).map(([key, o]) => (
                <ObservationRow key={key} observation={o} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.documents.length > 0 ? (
        <div className="result-documents">
          <p className="small">
            <strong>{t('results.documents')}</strong>
          </p>
          <ul className="list">
            {report.documents.map((d) => (
              <li key={d.id}>
                <DocumentDownload document={d} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}

function ObservationRow(props: { observation: ObservationView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const o = props.observation;
  const number = (value: string) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(Number(value));
  const value =
    o.valueQuantity !== null
      ? `${number(o.valueQuantity)}${o.unit ? ` ${o.unit}` : ''}`
      : (o.valueText ?? '');
  const range = rangeText(o.referenceRange);
  const unit = o.unit ? ` ${o.unit}` : '';
  const rangeLabel = !range
    ? t('results.noRange')
    : range.kind === 'between'
      ? t('results.rangeBetween', { low: number(range.low), high: number(range.high), unit })
      : range.kind === 'atLeast'
        ? t('results.rangeAtLeast', { low: number(range.low), unit })
        : range.kind === 'atMost'
          ? t('results.rangeAtMost', { high: number(range.high), unit })
          : t('results.rangeText', { text: range.text });
  const flag = o.interpretation;
  return (
    <tr className={isOutOfRange(flag) ? 'out-of-range' : undefined}>
      <th scope="row">{o.name}</th>
      <td>{isOutOfRange(flag) ? <strong>{value}</strong> : value}</td>
      <td>{rangeLabel}</td>
      <td>
        {flag ? (
          <span className="flag">
            <span className={`badge ${toneOf(flag)}`}>
              {flag}
              <span aria-hidden="true"> · </span>
              {t(`results.flags.${flag}`)}
            </span>
            <span className="small muted flag-help">{t(`results.flagHelp.${flag}`)}</span>
          </span>
        ) : (
          <span className="muted">{t('results.notJudged')}</span>
        )}
      </td>
    </tr>
  );
}

/** Rows have no id: the observation's name (and code), numbered when it repeats. */
function observationKeys(rows: readonly ObservationView[]): [string, ObservationView][] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const key = `${row.loincCode ?? ''}|${row.name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return [`${key}#${n}`, row];
  });
}
