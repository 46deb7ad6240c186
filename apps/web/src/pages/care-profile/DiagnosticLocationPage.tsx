// /diagnostic-locations/:id: a diagnostic test at one clinic (what it is, how to prepare, the
// price there) and its free times to book, in the clinic's zone.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { useForPatient } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { BookingFlow } from '../../components/slots/BookingFlow.js';
import { slotStartFromQuery } from '../../components/slots/slots.js';
import { formatMoney } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage, Loading } from '../../ui/Status.js';
import './care-profile.css';

export default function DiagnosticLocationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const forPatient = useForPatient();
  const at = slotStartFromQuery(new URLSearchParams(useSearch()).get('at'));
  const { id = '' } = useParams<{ id: string }>();
  const offering = useQuery({
    queryKey: ['public', 'diagnostic-location', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/diagnostic-locations/{id}', { params: { path: { id } } })),
  });
  if (offering.isPending) return <Loading />;
  if (offering.error || !offering.data) {
    return (
      <Page title={t('care-profile.notFoundTitle')}>
        <ErrorMessage error={offering.error} retry={() => void offering.refetch()} />
      </Page>
    );
  }
  const o = offering.data;
  return (
    <Page
      title={t('care-profile.diagnosticTitle', {
        name: o.diagnostic.name,
        clinic: o.location.name,
      })}
    >
      <ForPatientBanner patientId={forPatient} />
      <p className="lead">{o.location.address}</p>
      <dl className="profile-facts">
        <dt>{t('care-profile.price')}</dt>
        <dd>{formatMoney(o.price, o.currency, locale)}</dd>
        <dt>{t('care-profile.length')}</dt>
        <dd>{t('care-profile.minutes', { count: o.diagnostic.durationMinutes })}</dd>
      </dl>
      {o.diagnostic.preparation ? (
        <section>
          <h2>{t('care-profile.preparation')}</h2>
          <p className="pre-line">{o.diagnostic.preparation}</p>
        </section>
      ) : null}
      <section aria-labelledby="book-title">
        <h2 id="book-title">{t('care-profile.bookTitle')}</h2>
        <BookingFlow
          subject={{ diagnosticLocationId: o.id }}
          timeZone={o.location.timeZone}
          title={`${o.diagnostic.name}, ${o.location.name}`}
          initialAt={at}
          forPatient={forPatient}
        />
      </section>
    </Page>
  );
}
