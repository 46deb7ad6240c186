// Finding a patient at the desk: by name (contains) and, to tell namesakes apart, date of birth.
// The caller decides what to offer for each person found.
import type { PatientSummaryView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatPlainDate } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';

export function PatientFinder(props: {
  headingId: string;
  actions: (patient: PatientSummaryView) => ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const [name, setName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [asked, setAsked] = useState<{ q: string; dateOfBirth: string } | null>(null);
  const found = useQuery({
    queryKey: ['desk', 'patients', asked],
    enabled: asked !== null,
    queryFn: async () => {
      const query = {
        limit: 20,
        ...(asked?.q ? { q: asked.q } : {}),
        ...(asked?.dateOfBirth ? { dateOfBirth: asked.dateOfBirth } : {}),
      };
      return (await unwrap(api.GET('/api/v1/patients', { params: { query } }))).items;
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked({ q: name.trim(), dateOfBirth });
  };
  return (
    <section aria-labelledby={props.headingId} className="desk-finder">
      <h2 id={props.headingId}>{t('desk.patients.findTitle')}</h2>
      <Form className="form desk-inline-form" onSubmit={submit} role="search">
        <Field
          label={t('desk.patients.name')}
          name="q"
          value={name}
          onChange={setName}
          maxLength={100}
        />
        <Field
          label={t('desk.patients.dateOfBirth')}
          description={t('desk.patients.optional')}
          name="dateOfBirth"
          type="date"
          value={dateOfBirth}
          onChange={setDateOfBirth}
        />
        <button type="submit" className="button">
          {t('desk.patients.search')}
        </button>
      </Form>
      <p className="visually-hidden" role="status">
        {asked !== null && found.data
          ? t('desk.patients.foundCount', { count: found.data.length })
          : ''}
      </p>
      {asked === null ? null : found.isPending ? (
        <Loading label={t('desk.patients.searching')} />
      ) : found.error ? (
        <ErrorMessage error={found.error} retry={() => void found.refetch()} />
      ) : found.data.length === 0 ? (
        <Empty>{t('desk.patients.noneFound')}</Empty>
      ) : (
        <ul className="list">
          {found.data.map((patient) => (
            <li key={patient.id} className="card desk-patient-card">
              <div>
                <p className="desk-patient-name">{patient.fullName}</p>
                <p className="muted small">
                  {t('desk.patients.born', {
                    date: formatPlainDate(patient.dateOfBirth, locale),
                  })}
                  {' · '}
                  {t(`desk.sex.${patient.sex}`)}
                </p>
              </div>
              <div className="button-row">{props.actions(patient)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
