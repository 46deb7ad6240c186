// One released diagnostic report as a doctor reads it: status, when it was taken (in its clinic's
// zone), each observation against its reference range with its flag in words, the critical
// values' acknowledgement, and its documents to download.
import type { DiagnosticReportView, ReportDocumentView } from '@medsync/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime, formatNumber, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Flag } from './Flag.js';
import { ProblemAlert } from './feedback.js';
import { normalRange, observedValue } from './results.js';

export function ReportView(props: {
  report: DiagnosticReportView;
  timeZone: string;
  headingLevel?: 3 | 4;
}) {
  const { t } = useTranslation();
  const { report, timeZone } = props;
  const locale = useLocale();
  const Heading = props.headingLevel === 4 ? 'h4' : 'h3';
  const headingId = `report-${report.id}`;
  return (
    <article className="card report" aria-labelledby={headingId}>
      <Heading id={headingId}>{report.title}</Heading>
      <p className="small muted">
        {t('doctor.report.taken', {
          when: formatDateTime(report.effectiveAt, timeZone, locale),
          zone: zoneName(timeZone, locale, report.effectiveAt),
        })}
        {' · '}
        {t(`doctor.report.status.${report.status}`)}
      </p>
      {report.amended ? (
        <p className="warning small">
          {t('doctor.report.amended', { reason: report.revisionReason ?? t('common.none') })}
        </p>
      ) : null}
      {report.critical ? (
        <p className={report.criticalAcknowledgedAt ? 'notice small' : 'warning small'}>
          {report.criticalAcknowledgedAt
            ? t('doctor.report.criticalAcknowledged', {
                when: formatDateTime(report.criticalAcknowledgedAt, timeZone, locale),
              })
            : t('doctor.report.criticalOpen')}
        </p>
      ) : null}
      {report.summary ? <p className="pre-wrap">{report.summary}</p> : null}
      {report.observations.length > 0 ? (
        <ObservationTable report={report} />
      ) : (
        <p className="muted">{t('doctor.report.noObservations')}</p>
      )}
      {report.documents.length > 0 ? (
        <ul className="list" aria-label={t('doctor.report.documents')}>
          {report.documents.map((document) => (
            <li key={document.id}>
              <DocumentDownload document={document} />
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export function ObservationTable(props: { report: DiagnosticReportView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">
          {t('doctor.report.observationsOf', { title: props.report.title })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('doctor.report.test')}</th>
            <th scope="col">{t('doctor.report.result')}</th>
            <th scope="col">{t('doctor.report.range')}</th>
            <th scope="col">{t('doctor.report.flag')}</th>
          </tr>
        </thead>
        <tbody>
          {props.report.observations.map((observation, i) => {
            const range = observation.referenceRange
              ? normalRange(observation.referenceRange, locale)
              : null;
            return (
              // Observations have no id of their own: their place in the report is theirs.
              // biome-ignore lint/suspicious/noArrayIndexKey: the order is fixed per revision
              <tr key={i}>
                <th scope="row">{observation.name}</th>
                <td>{observedValue(observation, locale)}</td>
                <td>
                  {range
                    ? `${range}${observation.unit && !observation.referenceRange?.text ? ` ${observation.unit}` : ''}`
                    : t('doctor.report.noRange')}
                </td>
                <td>
                  <Flag observation={observation} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Fetches the file with the session's token and hands it to the browser as a download. */
function DocumentDownload(props: { document: ReportDocumentView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const { document: doc } = props;
  const download = useMutation({
    mutationFn: async () => {
      const blob = await unwrap(
        api.GET('/api/v1/documents/{id}/content', {
          params: { path: { id: doc.id } },
          parseAs: 'blob',
        }),
      );
      const url = URL.createObjectURL(blob as Blob);
      const link = window.document.createElement('a');
      link.href = url;
      link.download = doc.fileName;
      link.hidden = true;
      window.document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  const size = formatNumber(Math.max(1, Math.round(doc.byteSize / 1024)), locale);
  return (
    <div className="download">
      <button
        type="button"
        className="button secondary"
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {download.isPending
          ? t('doctor.report.downloading', { name: doc.fileName })
          : t('doctor.report.download', { name: doc.fileName, size })}
      </button>
      <span role="status" className="small muted">
        {download.isSuccess ? t('doctor.report.downloaded', { name: doc.fileName }) : ''}
      </span>
      {download.error ? <ProblemAlert error={download.error} /> : null}
    </div>
  );
}
