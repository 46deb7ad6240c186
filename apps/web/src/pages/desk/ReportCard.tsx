// One diagnostic report as the desk sees it (values, flags, files, whether the patient sees it)
// with its next step: revise to final, release, and attaching a file.
import type { DiagnosticReportView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { nextStep, observationInput, rangeText } from './reports.js';
import { ConfirmDialog, DeskError } from './shared.js';

function useReportZone(locationId: string): string | undefined {
  const api = useApi();
  const location = useQuery({
    queryKey: ['public', 'location', locationId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id: locationId } } })),
  });
  return location.data?.timeZone;
}

const INTERPRETATION_TONE: Record<string, string> = {
  N: 'ok',
  L: 'warning',
  H: 'warning',
  A: 'warning',
  LL: 'danger',
  HH: 'danger',
};

export function ReportCard(props: {
  report: DiagnosticReportView;
  announce: (text: string) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { report } = props;
  const zone = useReportZone(report.locationId);
  const titleId = `report-${report.id}`;
  const step = nextStep(report);
  return (
    <article className="card desk-report" aria-labelledby={titleId}>
      <h3 id={titleId}>{report.title}</h3>
      <p className="desk-badges">
        <span className="badge">{t(`desk.reportStatus.${report.status}`)}</span>{' '}
        {report.releasedAt ? (
          <span className="badge ok">{t('desk.results.released')}</span>
        ) : (
          <span className="badge warning">{t('desk.results.unreleased')}</span>
        )}
        {report.critical ? (
          <>
            {' '}
            <span className="badge danger">{t('desk.results.critical')}</span>
          </>
        ) : null}
      </p>
      {zone ? (
        <p className="muted small">
          {t('desk.results.taken', {
            when: formatDateTime(report.effectiveAt, zone, locale),
          })}
        </p>
      ) : null}
      {report.summary ? <p>{report.summary}</p> : null}
      {report.observations.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">
              {t('desk.results.observationsOf', { title: report.title })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('desk.results.test')}</th>
                <th scope="col">{t('desk.results.value')}</th>
                <th scope="col">{t('desk.results.range')}</th>
                <th scope="col">{t('desk.results.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {report.observations.map((o, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: observations have no id; their order is fixed
                <tr key={i}>
                  <th scope="row">{o.name}</th>
                  <td>
                    {o.valueQuantity !== null
                      ? `${o.valueQuantity} ${o.unit ?? ''}`.trim()
                      : o.valueText}
                  </td>
                  <td>{rangeText(o)}</td>
                  <td>
                    {o.interpretation ? (
                      <span className={`badge ${INTERPRETATION_TONE[o.interpretation] ?? ''}`}>
                        {t(`desk.interpretation.${o.interpretation}`)}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.documents.length > 0 ? (
        <>
          <h4>{t('desk.results.documents')}</h4>
          <ul>
            {report.documents.map((d) => (
              <li key={d.id}>{d.fileName}</li>
            ))}
          </ul>
        </>
      ) : null}
      {step === 'finalise' ? <Finalise report={report} announce={props.announce} /> : null}
      {step === 'release' ? <Release report={report} announce={props.announce} /> : null}
      {report.status !== 'entered-in-error' ? (
        <Upload report={report} announce={props.announce} />
      ) : null}
    </article>
  );
}

function useRefreshResults(patientId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['desk', 'results', patientId] });
}

function Finalise(props: { report: DiagnosticReportView; announce: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const refresh = useRefreshResults(props.report.patientId);
  const [reason, setReason] = useState('');
  const { report } = props;
  const revise = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/results/{id}/revisions', {
          params: { path: { id: report.id } },
          body: {
            revision: report.revision,
            status: 'final',
            reason: reason.trim(),
            title: report.title,
            ...(report.summary ? { summary: report.summary } : {}),
            observations: report.observations.map(observationInput),
          },
        }),
      ),
    onSuccess: async () => {
      props.announce(t('desk.results.finalised', { title: report.title }));
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revise.mutate();
  };
  return (
    <Form className="form desk-inline-form" onSubmit={submit}>
      {revise.error ? <DeskError error={revise.error} /> : null}
      <Field
        label={t('desk.results.reason')}
        description={t('desk.results.reasonHint')}
        name="reason"
        isRequired
        maxLength={500}
        value={reason}
        onChange={setReason}
      />
      <button type="submit" className="button" disabled={revise.isPending}>
        {t('desk.results.finalise')}
      </button>
    </Form>
  );
}

function Release(props: { report: DiagnosticReportView; announce: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const refresh = useRefreshResults(props.report.patientId);
  const [asking, setAsking] = useState(false);
  const { report } = props;
  const release = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/results/{id}/release', {
          params: { path: { id: report.id } },
          body: { revision: report.revision },
        }),
      ),
    onSuccess: async () => {
      setAsking(false);
      props.announce(t('desk.results.releasedNow', { title: report.title }));
      await refresh();
    },
    onError: () => setAsking(false),
  });
  return (
    <div className="desk-step">
      {release.error ? <DeskError error={release.error} /> : null}
      <button
        type="button"
        className="button"
        onClick={() => {
          release.reset();
          setAsking(true);
        }}
      >
        {t('desk.results.release')}
      </button>
      <ConfirmDialog
        isOpen={asking}
        title={t('desk.results.confirmRelease')}
        confirmLabel={t('desk.results.release')}
        pending={release.isPending}
        onClose={() => setAsking(false)}
        onConfirm={() => release.mutate()}
      >
        <p>{t('desk.results.confirmReleaseBody', { title: report.title })}</p>
      </ConfirmDialog>
    </div>
  );
}

const MAX_BYTES = 10 * 1024 * 1024;

function Upload(props: { report: DiagnosticReportView; announce: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const refresh = useRefreshResults(props.report.patientId);
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = `upload-${props.report.id}`;
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      unwrap(
        api.POST('/api/v1/results/{id}/documents', {
          params: { path: { id: props.report.id }, query: { fileName: chosen.name.slice(0, 255) } },
          // The body is the file's bytes as they are; the server decides the type from them.
          body: chosen as unknown as string,
          bodySerializer: (body) => body as unknown as BodyInit,
          headers: { 'content-type': chosen.type || 'application/octet-stream' },
        }),
      ),
    onSuccess: async (document) => {
      setFile(null);
      if (input.current) input.current.value = '';
      props.announce(t('desk.results.uploaded', { file: document.fileName }));
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setTooLarge(true);
      return;
    }
    upload.mutate(file);
  };
  return (
    <form className="form desk-inline-form" onSubmit={submit}>
      {upload.error ? <DeskError error={upload.error} /> : null}
      <div className="field">
        <label htmlFor={inputId}>{t('desk.results.file')}</label>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          aria-describedby={`${inputId}-hint`}
          onChange={(event) => {
            setTooLarge(false);
            setFile(event.target.files?.[0] ?? null);
          }}
        />
        <span id={`${inputId}-hint`} className="muted small">
          {t('desk.results.fileHint')}
        </span>
        {tooLarge ? (
          <span className="field-error" role="alert">
            {t('desk.problems.payload-too-large')}
          </span>
        ) : null}
      </div>
      <button type="submit" className="button secondary" disabled={!file || upload.isPending}>
        {t('desk.results.upload')}
      </button>
    </form>
  );
}
