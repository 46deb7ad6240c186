// A prescription's revisions, oldest first, behind a disclosure button: who changed what, when
// and why. Read only when opened.
import type { PrescriptionView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Loading } from '../../ui/Status.js';
import { ProblemAlert } from './feedback.js';
import { doctorKeys } from './queries.js';

export function PrescriptionHistory(props: { prescription: PrescriptionView; timeZone: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const regionId = useId();
  const name = props.prescription.medication.name;
  return (
    <div className="history">
      <button
        type="button"
        className="button secondary"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('doctor.prescription.hideHistory') : t('doctor.prescription.showHistory')}
        <span className="visually-hidden"> {t('doctor.prescription.historyOf', { name })}</span>
      </button>
      <div id={regionId}>
        {open ? <Revisions id={props.prescription.id} timeZone={props.timeZone} /> : null}
      </div>
    </div>
  );
}

function Revisions(props: { id: string; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const query = useQuery({
    queryKey: doctorKeys.prescriptionHistory(props.id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/prescriptions/{id}/history', { params: { path: { id: props.id } } })),
  });
  if (query.isPending) return <Loading label={t('doctor.prescription.historyLoading')} />;
  if (query.error) return <ProblemAlert error={query.error} retry={() => void query.refetch()} />;
  return (
    <ol className="revisions">
      {query.data.items.map((revision) => (
        <li key={revision.revision}>
          <p>
            <strong>
              {t('doctor.prescription.revisionLine', {
                revision: revision.revision,
                when: formatDateTime(revision.recordedAt, props.timeZone, locale),
              })}
            </strong>{' '}
            {t(`doctor.prescription.change.${revision.change}`)}
            {' · '}
            {t(`doctor.prescriptionStatus.${revision.status}`)}
          </p>
          <p className="small">{summary(t, revision)}</p>
          {revision.reason ? (
            <p className="small">
              {t('doctor.prescription.reasonLine', { reason: revision.reason })}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** One line of what was prescribed: "Amoxicillin 500 mg capsule · 1 capsule, oral, …". */
export function summary(t: TFunction, p: PrescriptionView): string {
  return t('doctor.prescription.summary', {
    name: p.medication.name,
    strength: p.medication.strength,
    form: p.medication.form,
    dose: p.dose,
    route: p.route,
    frequency: p.frequency,
    days: p.durationDays,
  });
}
