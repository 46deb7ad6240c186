// /find: doctors by specialty, clinic, free text and a maximum price, with each one's price in
// the clinic's currency, rating and (when a specialty is chosen: one search answers it for all)
// the next free time. `forPatient` (staff booking for a walk-in) is carried to the doctor's page.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { carry, useForPatient } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { DoctorSearchForm } from '../../components/care/SearchForms.js';
import { formatDateTime, formatMoney, formatNumber, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import './find.css';

const PAGE = 50;

export default function FindPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const params = new URLSearchParams(useSearch());
  const forPatient = useForPatient();
  const specialty = params.get('specialty') ?? '';
  const location = params.get('location') ?? '';
  const q = params.get('q') ?? '';
  const maxPriceText = params.get('maxPrice') ?? '';
  const maxPrice =
    maxPriceText && Number.isFinite(Number(maxPriceText)) ? Number(maxPriceText) : null;
  const doctors = useInfiniteQuery({
    queryKey: ['public', 'doctors', { specialty, location, q }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/doctors', {
          params: {
            query: {
              limit: PAGE,
              sort: 'name',
              ...(specialty ? { specialtyId: specialty } : {}),
              ...(location ? { locationId: location } : {}),
              ...(q ? { q } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // One search gives the next free time of every doctor of the specialty at once.
  const earliest = useQuery({
    queryKey: ['public', 'earliest', 'specialty', specialty, location],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/availability/search', {
          params: {
            query: {
              specialtyId: specialty,
              limit: 50,
              ...(location ? { locationId: location } : {}),
            },
          },
        }),
      ),
    enabled: specialty !== '',
  });
  const nextFree = new Map<string, string>();
  for (const slot of earliest.data?.slots ?? []) {
    if (slot.doctorId && !nextFree.has(slot.doctorId)) nextFree.set(slot.doctorId, slot.startAt);
  }
  const all = doctors.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = maxPrice === null ? all : all.filter((d) => Number(d.price) <= maxPrice);
  const searchKey = `${specialty}|${location}|${q}|${maxPriceText}`;

  return (
    <Page title={t('find.title')}>
      <ForPatientBanner patientId={forPatient} />
      <DoctorSearchForm
        key={searchKey}
        idPrefix="find"
        forPatient={forPatient}
        initial={{ specialty, location, q, maxPrice: maxPriceText }}
        extra={(filters, set) => (
          <div className="field">
            <label htmlFor="find-max-price">{t('find.maxPrice')}</label>
            <input
              id="find-max-price"
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              aria-describedby="find-max-price-hint"
              value={filters.maxPrice ?? ''}
              onChange={(event) => set({ ...filters, maxPrice: event.target.value })}
            />
            <span id="find-max-price-hint" className="muted small">
              {t('find.maxPriceHint')}
            </span>
          </div>
        )}
      />
      <section aria-labelledby="find-results" className="results">
        <h2 id="find-results">{t('find.results')}</h2>
        {doctors.isPending ? (
          <Loading label={t('find.loading')} />
        ) : doctors.error ? (
          <ErrorMessage error={doctors.error} retry={() => void doctors.refetch()} />
        ) : (
          <>
            <p role="status" className="muted">
              {t('find.count', { count: shown.length })}
            </p>
            {shown.length === 0 ? (
              <Empty>{t('find.none')}</Empty>
            ) : (
              <ul className="list result-list">
                {shown.map((doctor) => {
                  const free = nextFree.get(doctor.id);
                  return (
                    <li key={doctor.id} className="card result">
                      <h3>
                        <Link href={carry(`/doctors/${doctor.id}`, forPatient)}>
                          {doctor.fullName}
                        </Link>
                      </h3>
                      <p className="muted">
                        {doctor.specialty.name} · {doctor.location.name}
                      </p>
                      <dl className="facts">
                        <dt>{t('find.price')}</dt>
                        <dd>{formatMoney(doctor.price, doctor.currency, locale)}</dd>
                        <dt>{t('find.rating')}</dt>
                        <dd>
                          {doctor.ratingAvg === null
                            ? t('find.notRated')
                            : t('find.ratingValue', {
                                value: formatNumber(doctor.ratingAvg, locale, 1),
                                count: doctor.ratingCount,
                              })}
                        </dd>
                        {specialty && earliest.data ? (
                          <>
                            <dt>{t('find.nextFree')}</dt>
                            <dd>
                              {free
                                ? t('find.nextFreeAt', {
                                    time: formatDateTime(free, doctor.location.timeZone, locale),
                                    zone: zoneName(doctor.location.timeZone, locale, free),
                                  })
                                : t('find.nextFreeNone')}
                            </dd>
                          </>
                        ) : null}
                      </dl>
                    </li>
                  );
                })}
              </ul>
            )}
            {doctors.hasNextPage ? (
              <button
                type="button"
                className="button secondary"
                disabled={doctors.isFetchingNextPage}
                onClick={() => void doctors.fetchNextPage()}
              >
                {t('find.more')}
              </button>
            ) : null}
          </>
        )}
      </section>
    </Page>
  );
}
