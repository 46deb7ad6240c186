// /reschedule/:bookingId (patients and staff): the booking, and the free times of the same doctor
// or diagnostic to move it to.
import type { BookingView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { RescheduleFlow } from '../../components/slots/RescheduleFlow.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage, Loading } from '../../ui/Status.js';

export default function ReschedulePage() {
  const { t } = useTranslation();
  const api = useApi();
  const { bookingId = '' } = useParams<{ bookingId: string }>();
  const booking = useQuery({
    queryKey: ['bookings', bookingId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/bookings/{id}', { params: { path: { id: bookingId } } })),
  });
  if (booking.isPending) return <Loading />;
  if (booking.error || !booking.data) {
    return (
      <Page title={t('reschedule.title')}>
        <ErrorMessage error={booking.error} retry={() => void booking.refetch()} />
      </Page>
    );
  }
  return <Reschedule booking={booking.data} reload={() => booking.refetch()} />;
}

function useSubjectOf(booking: BookingView) {
  const api = useApi();
  const doctorId = booking.doctorId;
  const offeringId = booking.diagnosticLocationId;
  const doctor = useQuery({
    queryKey: ['public', 'doctor', doctorId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id: doctorId ?? '' } } })),
    enabled: doctorId !== null,
  });
  const offering = useQuery({
    queryKey: ['public', 'diagnostic-location', offeringId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/diagnostic-locations/{id}', {
          params: { path: { id: offeringId ?? '' } },
        }),
      ),
    enabled: offeringId !== null,
  });
  if (doctor.data) {
    const d = doctor.data;
    return {
      timeZone: d.location.timeZone,
      title: `${d.fullName}, ${d.specialty.name}, ${d.location.name}`,
    };
  }
  if (offering.data) {
    const o = offering.data;
    return { timeZone: o.location.timeZone, title: `${o.diagnostic.name}, ${o.location.name}` };
  }
  return {
    error: doctor.error ?? offering.error,
    retry: () => void (doctorId ? doctor : offering).refetch(),
  };
}

function Reschedule(props: { booking: BookingView; reload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const subject = useSubjectOf(props.booking);
  const back = me?.role === 'staff' ? '/desk' : '/my-bookings';
  return (
    <Page title={t('reschedule.title')}>
      {'timeZone' in subject && subject.timeZone ? (
        <>
          <p className="lead">{subject.title}</p>
          {props.booking.status === 'booked' ? (
            <RescheduleFlow
              booking={props.booking}
              timeZone={subject.timeZone}
              title={subject.title}
              reload={props.reload}
            />
          ) : (
            <p className="status empty">{t('reschedule.notBooked')}</p>
          )}
        </>
      ) : 'error' in subject && subject.error ? (
        <ErrorMessage error={subject.error} retry={subject.retry} />
      ) : (
        <Loading />
      )}
      <p>
        <Link href={back}>
          {me?.role === 'staff' ? t('reschedule.backToDesk') : t('reschedule.backToBookings')}
        </Link>
      </p>
    </Page>
  );
}
