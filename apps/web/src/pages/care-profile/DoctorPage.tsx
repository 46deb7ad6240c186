// /doctors/:id: a doctor's profile (photo, experience, certificates, services, price, rating and
// the verified reviews) and the free times to book, in the clinic's zone.
import type { DoctorView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { useForPatient } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { BookingFlow } from '../../components/slots/BookingFlow.js';
import { slotStartFromQuery } from '../../components/slots/slots.js';
import { formatLongDate, formatMoney, formatNumber } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage, Loading } from '../../ui/Status.js';
import './care-profile.css';

/** Only a photo this API serves: the app's Content-Security-Policy loads images from itself. */
const OWN_PHOTO = /^\/api\/v1\/doctors\/[0-9a-f-]{36}\/photo$/;

export default function DoctorPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams<{ id: string }>();
  const doctor = useQuery({
    queryKey: ['public', 'doctor', id],
    queryFn: () => unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id } } })),
  });
  if (doctor.isPending) return <Loading />;
  if (doctor.error || !doctor.data) {
    return (
      <Page title={t('care-profile.notFoundTitle')}>
        <ErrorMessage error={doctor.error} retry={() => void doctor.refetch()} />
      </Page>
    );
  }
  return <DoctorProfile doctor={doctor.data} />;
}

function DoctorProfile(props: { doctor: DoctorView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const forPatient = useForPatient();
  const at = slotStartFromQuery(new URLSearchParams(useSearch()).get('at'));
  const { doctor } = props;
  const photo = doctor.photoUrl && OWN_PHOTO.test(doctor.photoUrl) ? doctor.photoUrl : null;
  return (
    <Page title={doctor.fullName}>
      <ForPatientBanner patientId={forPatient} />
      <div className="profile">
        {photo ? (
          <img
            className="profile-photo"
            src={photo}
            alt={t('care-profile.photoOf', { name: doctor.fullName })}
          />
        ) : null}
        <div>
          <p className="lead">
            {doctor.specialty.name} · {doctor.location.name}
          </p>
          <dl className="profile-facts">
            <dt>{t('care-profile.price')}</dt>
            <dd>{formatMoney(doctor.price, doctor.currency, locale)}</dd>
            <dt>{t('care-profile.length')}</dt>
            <dd>{t('care-profile.minutes', { count: doctor.appointmentMinutes })}</dd>
            <dt>{t('care-profile.rating')}</dt>
            <dd>
              {doctor.ratingAvg === null
                ? t('care-profile.notRated')
                : t('care-profile.ratingValue', {
                    value: formatNumber(doctor.ratingAvg, locale, 1),
                    count: doctor.ratingCount,
                  })}
              {doctor.importedRatingAvg !== null ? (
                <span className="muted small">
                  {' '}
                  {t('care-profile.importedRating', {
                    value: formatNumber(doctor.importedRatingAvg, locale, 1),
                    count: doctor.importedRatingCount,
                  })}
                </span>
              ) : null}
            </dd>
          </dl>
        </div>
      </div>
      <section aria-labelledby="book-title">
        <h2 id="book-title">{t('care-profile.bookTitle')}</h2>
        <BookingFlow
          subject={{ doctorId: doctor.id }}
          timeZone={doctor.location.timeZone}
          title={`${doctor.fullName}, ${doctor.specialty.name}, ${doctor.location.name}`}
          initialAt={at}
          forPatient={forPatient}
        />
      </section>
      <div className="profile-texts">
        <TextSection title={t('care-profile.experience')} text={doctor.experience} />
        <TextSection title={t('care-profile.certificates')} text={doctor.certificates} />
        <TextSection title={t('care-profile.services')} text={doctor.services} />
      </div>
      <Reviews doctorId={doctor.id} timeZone={doctor.location.timeZone} />
    </Page>
  );
}

function TextSection(props: { title: string; text: string | null }) {
  if (!props.text) return null;
  return (
    <section>
      <h2>{props.title}</h2>
      <p className="pre-line">{props.text}</p>
    </section>
  );
}

function Reviews(props: { doctorId: string; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const ratings = useQuery({
    queryKey: ['public', 'doctor-ratings', props.doctorId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/doctors/{id}/ratings', {
          params: { path: { id: props.doctorId }, query: { limit: 50 } },
        }),
      ),
  });
  const verified = (ratings.data?.items ?? []).filter((r) => r.source === 'verified');
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('care-profile.reviews')}</h2>
      {ratings.isPending ? (
        <Loading />
      ) : ratings.error ? (
        <ErrorMessage error={ratings.error} retry={() => void ratings.refetch()} />
      ) : verified.length === 0 ? (
        <p className="status empty">{t('care-profile.noReviews')}</p>
      ) : (
        <ul className="list">
          {verified.map((r) => (
            <li key={r.id} className="card review">
              <p>
                <strong>{t('care-profile.stars', { count: r.stars })}</strong>{' '}
                <span className="muted small">
                  {t('care-profile.verifiedOn', {
                    date: formatLongDate(r.ratedAt, props.timeZone, locale),
                  })}
                  {r.edited ? ` · ${t('care-profile.edited')}` : ''}
                </span>
              </p>
              {r.comment ? (
                <p>{r.comment}</p>
              ) : r.commentHidden ? (
                <p className="muted small">{t('care-profile.commentHidden')}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
