// A visit of the doctor's: when, who and why; checking the patient in and completing the visit;
// its note, its prescriptions and its results (released by the doctor once final). Only the booking's own doctor writes, and only once the
// patient is checked in (the API refuses anyway).
import type { BookingView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi, useMe } from '../../auth/session.js';
import { formatDateTime, formatTime, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Loading } from '../../ui/Status.js';
import { Confirmation, ProblemAlert } from './feedback.js';
import { doctorKeys, useClinic, usePatient } from './queries.js';
import { bookingTone } from './tones.js';
import { VisitNoteSection } from './VisitNoteSection.js';
import { VisitPrescriptions } from './VisitPrescriptions.js';
import { VisitResults } from './VisitResults.js';
import './doctor.css';
import { useLocale } from '../../lib/locale.js';

const VISITED: readonly BookingView['status'][] = ['checked_in', 'completed'];

export default function VisitPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { bookingId = '' } = useParams<{ bookingId: string }>();
  const booking = useQuery({
    queryKey: doctorKeys.booking(bookingId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/bookings/{id}', { params: { path: { id: bookingId } } })),
  });
  const patient = usePatient(booking.data?.patientId);
  const clinic = useClinic(booking.data?.locationId);
  const title = patient.data
    ? t('doctor.visit.title', { name: patient.data.fullName })
    : t('doctor.visit.titleLoading');
  return (
    <Page title={title}>
      <p>
        <Link href="/doctor">{t('doctor.backToDay')}</Link>
      </p>
      {booking.isPending || (booking.data && clinic.isPending) ? (
        <Loading label={t('doctor.visit.loading')} />
      ) : booking.error ? (
        <ProblemAlert error={booking.error} retry={() => void booking.refetch()} />
      ) : clinic.error ? (
        <ProblemAlert error={clinic.error} retry={() => void clinic.refetch()} />
      ) : (
        <Visit
          booking={booking.data}
          timeZone={clinic.data?.timeZone ?? 'UTC'}
          patientName={patient.data?.fullName ?? null}
        />
      )}
    </Page>
  );
}

function Visit(props: { booking: BookingView; timeZone: string; patientName: string | null }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const { booking, timeZone } = props;
  const locale = useLocale();
  const mine = booking.doctorId !== null && booking.doctorId === me?.doctorId;
  const canWrite = mine && VISITED.includes(booking.status);
  return (
    <div className="visit">
      <dl className="facts">
        <dt>{t('doctor.visit.when')}</dt>
        <dd>
          {formatDateTime(booking.startAt, timeZone, locale)}–
          {formatTime(booking.endAt, timeZone, locale)}{' '}
          <span className="muted small">
            ({zoneName(timeZone, locale, booking.startAt)}, {timeZone})
          </span>
        </dd>
        <dt>{t('doctor.visit.patient')}</dt>
        <dd>
          <Link href={`/doctor/patients/${booking.patientId}`}>
            {props.patientName ?? t('doctor.patientFallback')}
            <span className="visually-hidden"> {t('doctor.day.recordSuffix')}</span>
          </Link>
        </dd>
        <dt>{t('doctor.visit.status')}</dt>
        <dd>
          <span className={`badge ${bookingTone(booking.status)}`}>
            {t(`doctor.bookingStatus.${booking.status}`)}
          </span>
        </dd>
        <dt>{t('doctor.visit.reason')}</dt>
        <dd className="pre-wrap">{booking.reason ?? t('doctor.day.noReason')}</dd>
      </dl>
      {!mine ? <p className="warning">{t('doctor.visit.notYours')}</p> : null}
      {mine ? <VisitProgress booking={booking} /> : null}
      <VisitNoteSection booking={booking} canWrite={canWrite} timeZone={timeZone} />
      <VisitPrescriptions booking={booking} canWrite={canWrite} timeZone={timeZone} />
      <VisitResults booking={booking} timeZone={timeZone} />
    </div>
  );
}

/** Check the patient in (a booked visit) or complete the visit (a checked-in one). */
function VisitProgress(props: { booking: BookingView }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { booking } = props;
  const [confirmed, setConfirmed] = useState<{ id: number; text: () => string } | null>(null);
  const step =
    booking.status === 'booked' ? 'check-in' : booking.status === 'checked_in' ? 'complete' : null;
  const change = useMutation({
    mutationFn: (action: 'check-in' | 'complete') =>
      unwrap(
        api.POST(
          action === 'check-in'
            ? '/api/v1/bookings/{id}/check-in'
            : '/api/v1/bookings/{id}/complete',
          { params: { path: { id: booking.id } }, body: { version: booking.version } },
        ),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(doctorKeys.booking(booking.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['doctor-day'] });
      const checkedIn = updated.status === 'checked_in';
      setConfirmed({
        id: Date.now(),
        text: () => (checkedIn ? t('doctor.visit.checkedIn') : t('doctor.visit.completed')),
      });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: doctorKeys.booking(booking.id) });
      }
    },
  });
  return (
    <div className="visit-progress">
      {confirmed ? <Confirmation key={confirmed.id}>{confirmed.text()}</Confirmation> : null}
      {change.error ? <ProblemAlert error={change.error} /> : null}
      {booking.status === 'booked' ? (
        <p className="muted">{t('doctor.visit.notYetVisited')}</p>
      ) : null}
      {step ? (
        <button
          type="button"
          className="button secondary"
          disabled={change.isPending}
          onClick={() => change.mutate(step)}
        >
          {step === 'check-in' ? t('doctor.visit.checkIn') : t('doctor.visit.complete')}
        </button>
      ) : null}
    </div>
  );
}
