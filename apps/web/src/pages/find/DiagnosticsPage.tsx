// /diagnostics: every diagnostic test and the clinics that offer it, with the price there in the
// clinic's currency, filtered by test and clinic; each offering links to its booking page.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { carry, sortedByName, useDiagnostics, useForPatient } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { ClinicOptions, SelectField } from '../../components/care/SearchForms.js';
import { formatMoney } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import './find.css';

export default function DiagnosticsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const forPatient = useForPatient();
  const diagnostics = useDiagnostics();
  const [diagnostic, setDiagnostic] = useState('');
  const [location, setLocation] = useState('');
  const offerings = useQuery({
    queryKey: ['public', 'diagnostic-locations', location],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/diagnostic-locations', {
          params: { query: { limit: 100, ...(location ? { locationId: location } : {}) } },
        }),
      ),
  });
  const byDiagnostic = new Map<string, NonNullable<typeof offerings.data>['items']>();
  for (const offering of offerings.data?.items ?? []) {
    const list = byDiagnostic.get(offering.diagnostic.id) ?? [];
    list.push(offering);
    byDiagnostic.set(offering.diagnostic.id, list);
  }
  const shown = sortedByName(diagnostics.data?.items ?? [], locale).filter(
    (d) => (!diagnostic || d.id === diagnostic) && byDiagnostic.has(d.id),
  );
  const pending = diagnostics.isPending || offerings.isPending;
  const error = diagnostics.error ?? offerings.error;
  return (
    <Page title={t('find.diagnosticsTitle')}>
      <ForPatientBanner patientId={forPatient} />
      <p>
        <Link href={carry('/earliest', forPatient)}>{t('find.earliestLink')}</Link>
      </p>
      <div className="search-form">
        <SelectField
          id="diagnostics-test"
          label={t('find.diagnostic')}
          value={diagnostic}
          onChange={setDiagnostic}
        >
          <option value="">{t('find.anyDiagnostic')}</option>
          {sortedByName(diagnostics.data?.items ?? [], locale).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="diagnostics-clinic"
          label={t('care.clinic')}
          value={location}
          onChange={setLocation}
        >
          <option value="">{t('care.anyClinic')}</option>
          <ClinicOptions />
        </SelectField>
      </div>
      <section aria-labelledby="diagnostics-results" className="results">
        <h2 id="diagnostics-results">{t('find.results')}</h2>
        {pending ? (
          <Loading label={t('find.loading')} />
        ) : error ? (
          <ErrorMessage error={error} retry={() => void offerings.refetch()} />
        ) : shown.length === 0 ? (
          <Empty>{t('find.noneDiagnostics')}</Empty>
        ) : (
          <ul className="list result-list">
            {shown.map((d) => (
              <li key={d.id} className="card result">
                <h3>{d.name}</h3>
                <p className="muted">{t('find.duration', { count: d.durationMinutes })}</p>
                {d.description ? <p>{d.description}</p> : null}
                <ul className="offerings" aria-label={t('find.offeredAt', { name: d.name })}>
                  {(byDiagnostic.get(d.id) ?? []).map((o) => (
                    <li key={o.id}>
                      <span>
                        {o.location.name}: {formatMoney(o.price, o.currency, locale)}
                      </span>
                      <Link
                        href={carry(`/diagnostic-locations/${o.id}`, forPatient)}
                        className="button secondary"
                        aria-label={t('find.seeTimesAt', { name: d.name, clinic: o.location.name })}
                      >
                        {t('find.seeTimes')}
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
