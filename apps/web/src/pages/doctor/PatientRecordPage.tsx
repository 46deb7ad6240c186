// The record of a patient booked with the doctor: profile, visits with their notes and
// diagnoses, prescriptions with status and history, and released results with each flag in words.
import type {
  BookingView,
  PatientRecordView,
  PrescriptionView,
  VisitNoteView,
} from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { formatDateTime, formatPlainDate, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Loading } from '../../ui/Status.js';
import { ProblemAlert } from './feedback.js';
import { NoteView } from './NoteView.js';
import { PrescriptionHistory, summary } from './PrescriptionHistory.js';
import { doctorKeys, useClinics, useDoctorNames } from './queries.js';
import { ReportView } from './ReportView.js';
import { bookingTone, prescriptionTone } from './tones.js';
import './doctor.css';
import { useLocale } from '../../lib/locale.js';

type Zones = Map<string, { name: string; timeZone: string }>;

export default function PatientRecordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { patientId = '' } = useParams<{ patientId: string }>();
  const query = useQuery({
    queryKey: doctorKeys.record(patientId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/patients/{id}/record', { params: { path: { id: patientId } } })),
  });
  const title = query.data
    ? t('doctor.record.title', { name: query.data.profile.fullName })
    : t('doctor.record.titleLoading');
  return (
    <Page title={title}>
      <p>
        <Link href="/doctor">{t('doctor.backToDay')}</Link>
      </p>
      {query.isPending ? (
        <Loading label={t('doctor.record.loading')} />
      ) : query.error ? (
        <ProblemAlert error={query.error} retry={() => void query.refetch()} />
      ) : (
        <Record record={query.data} />
      )}
    </Page>
  );
}

function Record(props: { record: PatientRecordView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { record } = props;
  const { profile } = record;
  const zones = useClinics([
    ...record.bookings.map((b) => b.locationId),
    ...record.prescriptions.map((p) => p.locationId),
    ...record.reports.map((r) => r.locationId),
  ]);
  return (
    <div className="record">
      <dl className="facts">
        <dt>{t('doctor.record.born')}</dt>
        <dd>{formatPlainDate(profile.dateOfBirth, locale)}</dd>
        <dt>{t('doctor.record.sex')}</dt>
        <dd>{t(`doctor.sex.${profile.sex}`)}</dd>
      </dl>
      {record.truncated.length > 0 ? (
        <p className="warning">
          {t('doctor.record.truncated', {
            sections: record.truncated.map((s) => t(`doctor.record.section.${s}`)).join(', '),
          })}
        </p>
      ) : null}
      <Visits bookings={record.bookings} notes={record.visitNotes} zones={zones} />
      <Prescriptions prescriptions={record.prescriptions} zones={zones} />
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t('doctor.record.results')}</h2>
        {record.reports.length === 0 ? (
          <p className="status empty">{t('doctor.record.noResults')}</p>
        ) : (
          <div className="stack">
            {record.reports.map((report) => (
              <ReportView
                key={report.id}
                report={report}
                timeZone={zones.get(report.locationId)?.timeZone ?? 'UTC'}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

function Visits(props: { bookings: BookingView[]; notes: VisitNoteView[]; zones: Zones }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const doctors = useDoctorNames(props.bookings.flatMap((b) => (b.doctorId ? [b.doctorId] : [])));
  const notes = new Map(props.notes.map((n) => [n.bookingId, n]));
  const locale = useLocale();
  return (
    <section aria-labelledby="visits-heading">
      <h2 id="visits-heading">{t('doctor.record.visits')}</h2>
      {props.bookings.length === 0 ? (
        <p className="status empty">{t('doctor.record.noVisits')}</p>
      ) : (
        <ul className="list">
          {props.bookings.map((booking) => {
            const zone = props.zones.get(booking.locationId)?.timeZone ?? 'UTC';
            const note = notes.get(booking.id);
            const headingId = `visit-${booking.id}`;
            return (
              <li key={booking.id}>
                <article className="card" aria-labelledby={headingId}>
                  <h3 id={headingId}>
                    {t('doctor.record.visitTitle', {
                      when: formatDateTime(booking.startAt, zone, locale),
                      zone: zoneName(zone, locale, booking.startAt),
                    })}
                  </h3>
                  <p className="small">
                    <span className={`badge ${bookingTone(booking.status)}`}>
                      {t(`doctor.bookingStatus.${booking.status}`)}
                    </span>{' '}
                    {booking.doctorId
                      ? t('doctor.record.with', {
                          doctor: doctors.get(booking.doctorId) ?? t('doctor.doctorFallback'),
                        })
                      : t('doctor.record.diagnostic')}
                  </p>
                  {booking.reason ? (
                    <p>
                      <strong>{t('doctor.record.reason')}</strong> {booking.reason}
                    </p>
                  ) : null}
                  {note ? <NoteView note={note} /> : null}
                  {booking.doctorId && booking.doctorId === me?.doctorId ? (
                    <p>
                      <Link href={`/doctor/visits/${booking.id}`}>
                        {t('doctor.record.openVisit')}
                        <span className="visually-hidden">
                          {' '}
                          {formatDateTime(booking.startAt, zone, locale)}
                        </span>
                      </Link>
                    </p>
                  ) : null}
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Prescriptions(props: { prescriptions: PrescriptionView[]; zones: Zones }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section aria-labelledby="prescriptions-heading">
      <h2 id="prescriptions-heading">{t('doctor.record.prescriptions')}</h2>
      {props.prescriptions.length === 0 ? (
        <p className="status empty">{t('doctor.record.noPrescriptions')}</p>
      ) : (
        <ul className="list">
          {props.prescriptions.map((p) => (
            <li key={p.id}>
              <article className="card" aria-labelledby={`prescription-${p.id}`}>
                <h3 id={`prescription-${p.id}`}>
                  {p.medication.name} {p.medication.strength}
                </h3>
                <p>
                  <span className={`badge ${prescriptionTone(p.status)}`}>
                    {t(`doctor.prescriptionStatus.${p.status}`)}
                  </span>{' '}
                  {summary(t, p)}
                </p>
                <p className="small">
                  {t('doctor.prescription.valid', {
                    from: formatPlainDate(p.validFrom, locale),
                    until: formatPlainDate(p.validUntil, locale),
                  })}
                </p>
                <PrescriptionHistory
                  prescription={p}
                  timeZone={props.zones.get(p.locationId)?.timeZone ?? 'UTC'}
                />
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
