// /earliest: the earliest free times across the network for a specialty or a diagnostic test
// (GET /availability/search), each with its clinic, doctor or test, the time in the clinic's
// zone (and the viewer's own) and a way to book it on its page, opened on that time.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { carry, useDiagnostics, useForPatient, useLocations } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { EarliestForm } from '../../components/care/SearchForms.js';
import { describeSlot, slotName } from '../../components/slots/slots.js';
import { browserTimeZone, formatMoney } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import './find.css';

export default function EarliestPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const forPatient = useForPatient();
  const params = new URLSearchParams(useSearch());
  const specialty = params.get('specialty') ?? '';
  const diagnostic = specialty ? '' : (params.get('diagnostic') ?? '');
  const location = params.get('location') ?? '';
  const asked = specialty !== '' || diagnostic !== '';
  const locations = useLocations();
  const diagnostics = useDiagnostics();
  const found = useQuery({
    queryKey: ['public', 'earliest', specialty, diagnostic, location],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/availability/search', {
          params: {
            query: {
              limit: 20,
              ...(specialty ? { specialtyId: specialty } : { diagnosticId: diagnostic }),
              ...(location ? { locationId: location } : {}),
            },
          },
        }),
      ),
    enabled: asked,
  });
  const doctors = useQuery({
    queryKey: ['public', 'doctors', 'of-specialty', specialty],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/doctors', { params: { query: { specialtyId: specialty, limit: 100 } } }),
      ),
    enabled: specialty !== '',
  });
  const clinics = new Map((locations.data?.items ?? []).map((l) => [l.id, l]));
  const doctorNames = new Map((doctors.data?.items ?? []).map((d) => [d.id, d.fullName]));
  const testName = diagnostics.data?.items.find((d) => d.id === diagnostic)?.name ?? '';
  const viewerZone = browserTimeZone();
  const subjectValue = specialty
    ? `specialty:${specialty}`
    : diagnostic
      ? `diagnostic:${diagnostic}`
      : '';
  return (
    <Page title={t('find.earliestTitle')}>
      <ForPatientBanner patientId={forPatient} />
      <EarliestForm
        key={`${subjectValue}|${location}`}
        idPrefix="earliest"
        forPatient={forPatient}
        initial={{ subject: subjectValue, location }}
      />
      {asked ? (
        <section aria-labelledby="earliest-results" className="results">
          <h2 id="earliest-results">{t('find.results')}</h2>
          {found.isPending || locations.isPending ? (
            <Loading label={t('find.loadingEarliest')} />
          ) : found.error ? (
            <ErrorMessage error={found.error} retry={() => void found.refetch()} />
          ) : found.data.slots.length === 0 ? (
            <Empty>{t('find.noneEarliest')}</Empty>
          ) : (
            <ol className="list result-list">
              {found.data.slots.map((slot) => {
                const clinic = clinics.get(slot.locationId);
                const zone = clinic?.timeZone ?? 'UTC';
                const what = slot.doctorId
                  ? (doctorNames.get(slot.doctorId) ?? t('find.aDoctor'))
                  : testName;
                const when = slotName(
                  t,
                  describeSlot(slot.startAt, zone, viewerZone, locale),
                  zone,
                );
                const href = slot.doctorId
                  ? `/doctors/${slot.doctorId}`
                  : `/diagnostic-locations/${slot.diagnosticLocationId}`;
                return (
                  <li
                    key={`${slot.doctorId ?? slot.diagnosticLocationId}-${slot.startAt}`}
                    className="card slot-result"
                  >
                    <div>
                      <h3>{what}</h3>
                      <p className="muted">{clinic?.name}</p>
                      <p>
                        <strong>{when}</strong>
                      </p>
                      <p className="small">{formatMoney(slot.price, slot.currency, locale)}</p>
                    </div>
                    <Link
                      href={carry(href, forPatient, { at: slot.startAt })}
                      className="button"
                      aria-label={t('find.bookThis', { what, clinic: clinic?.name ?? '', when })}
                    >
                      {t('find.book')}
                    </Link>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      ) : null}
    </Page>
  );
}
