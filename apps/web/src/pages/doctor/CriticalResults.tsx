// The doctor's critical results waiting for acknowledgment (LL/HH values in reports they
// ordered): each with its patient, its critical values in words and an Acknowledge action whose
// outcome is announced and focused.
import type { CriticalDiagnosticReportView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Loading } from '../../ui/Status.js';
import { Flag } from './Flag.js';
import { Confirmation, ProblemAlert } from './feedback.js';
import { doctorKeys, useClinics } from './queries.js';
import { observedValue } from './results.js';

export function CriticalResults() {
  const { t } = useTranslation();
  const api = useApi();
  const [confirmed, setConfirmed] = useState<{ id: number; text: () => string } | null>(null);
  const query = useQuery({
    queryKey: doctorKeys.critical,
    queryFn: () =>
      unwrap(api.GET('/api/v1/me/critical-results', { params: { query: { limit: 100 } } })),
  });
  const reports = query.data?.items ?? [];
  const clinics = useClinics(reports.map((r) => r.locationId));
  return (
    <section className="critical card" aria-labelledby="critical-heading">
      <h2 id="critical-heading">{t('doctor.critical.title')}</h2>
      {confirmed ? <Confirmation key={confirmed.id}>{confirmed.text()}</Confirmation> : null}
      {query.isPending ? (
        <Loading label={t('doctor.critical.loading')} />
      ) : query.error ? (
        <ProblemAlert error={query.error} retry={() => void query.refetch()} />
      ) : reports.length === 0 ? (
        <p className="status empty">{t('doctor.critical.none')}</p>
      ) : (
        <ul className="list">
          {reports.map((report) => (
            <CriticalItem
              key={`${report.id}-${report.revision}`}
              report={report}
              timeZone={clinics.get(report.locationId)?.timeZone ?? null}
              onAcknowledged={(text) => setConfirmed({ id: Date.now(), text })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function CriticalItem(props: {
  /** With its patient's name, as the list answers it: no read per patient. */
  report: CriticalDiagnosticReportView;
  timeZone: string | null;
  /** The confirmation, in the language shown when it renders. */
  onAcknowledged: (message: () => string) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { report, timeZone } = props;
  const patient = report.patient.fullName;
  const acknowledge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/results/{id}/acknowledge-critical', {
          params: { path: { id: report.id } },
          body: { revision: report.revision },
        }),
      ),
    onSuccess: () => {
      props.onAcknowledged(() =>
        t('doctor.critical.acknowledged', { title: report.title, patient }),
      );
      void queryClient.invalidateQueries({ queryKey: doctorKeys.critical });
      void queryClient.invalidateQueries({ queryKey: doctorKeys.record(report.patientId) });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: doctorKeys.critical }),
  });
  const critical = report.observations.filter(
    (o) => o.interpretation === 'LL' || o.interpretation === 'HH',
  );
  const headingId = `critical-${report.id}`;
  return (
    <li>
      <article className="critical-item" aria-labelledby={headingId}>
        <h3 id={headingId}>{t('doctor.critical.itemTitle', { title: report.title, patient })}</h3>
        {timeZone ? (
          <p className="small muted">
            {t('doctor.report.taken', {
              when: formatDateTime(report.effectiveAt, timeZone, locale),
              zone: zoneName(timeZone, locale, report.effectiveAt),
            })}
          </p>
        ) : null}
        <ul className="critical-values">
          {critical.map((observation) => (
            <li key={observation.name}>
              <strong>{observation.name}</strong>: {observedValue(observation, locale)}{' '}
              <Flag observation={observation} />
            </li>
          ))}
        </ul>
        {acknowledge.error ? <ProblemAlert error={acknowledge.error} /> : null}
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => acknowledge.mutate()}
            disabled={acknowledge.isPending}
          >
            {acknowledge.isPending
              ? t('doctor.critical.acknowledging')
              : t('doctor.critical.acknowledge')}
            <span className="visually-hidden">
              {t('doctor.critical.acknowledgeWhat', { title: report.title, patient })}
            </span>
          </button>
          <Link href={`/doctor/patients/${report.patientId}`} className="button secondary">
            {t('doctor.critical.openRecord')}
            <span className="visually-hidden">{t('doctor.critical.recordOf', { patient })}</span>
          </Link>
        </div>
      </article>
    </li>
  );
}
