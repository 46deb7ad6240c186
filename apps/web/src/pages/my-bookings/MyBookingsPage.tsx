// A patient's bookings: upcoming (from now, soonest first) and past (most recent first), each with
// the doctor or diagnostic, the clinic, the time in the clinic's zone (labelled), the status and
// the reason given. Upcoming booked appointments can be cancelled (after a confirmation) or moved;
// completed doctor visits can be rated.
import type { BookingView } from '@medsync/contracts';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { formatDateTime, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import { canChange, canRate, latestFirst, statusTone } from './bookings.js';
import { CancelBooking } from './CancelBooking.js';
import { RateVisit } from './RateVisit.js';
import './my-bookings.css';
import { useLocale } from '../../lib/locale.js';

const PAGE_SIZE = 20;

export default function MyBookingsPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const patientId = me?.patientId ?? null;
  // One "now" for the page's life: the two lists split at the same instant.
  const [now] = useState(() => new Date());
  const [announcement, setAnnouncement] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const onCancelled = () => {
    setAnnouncement(t('my-bookings.cancelled'));
    requestAnimationFrame(() => status.current?.focus());
  };
  return (
    <Page
      title={t('my-bookings.title')}
      actions={
        <Link href="/find" className="button">
          {t('my-bookings.bookNew')}
        </Link>
      }
    >
      <p className="notice-slot" role="status" tabIndex={-1} ref={status}>
        {announcement ? <span className="notice">{announcement}</span> : null}
      </p>
      {patientId ? (
        <>
          <BookingList patientId={patientId} now={now} kind="upcoming" onCancelled={onCancelled} />
          <BookingList patientId={patientId} now={now} kind="past" onCancelled={onCancelled} />
        </>
      ) : (
        <Empty>{t('my-bookings.noProfile')}</Empty>
      )}
    </Page>
  );
}

function BookingList(props: {
  patientId: string;
  now: Date;
  kind: 'upcoming' | 'past';
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { kind, now } = props;
  const range = kind === 'upcoming' ? { from: now.toISOString() } : { to: now.toISOString() };
  const queryKey = ['patient-bookings', props.patientId, kind, now.toISOString()];
  const query = useInfiniteQuery({
    queryKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/patients/{id}/bookings', {
          params: {
            path: { id: props.patientId },
            query: { ...range, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const headingId = `bookings-${kind}`;
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  // The API lists by start, oldest first; the past reads best from the most recent visit back.
  const shown = kind === 'past' ? latestFirst(items) : items;
  const cancelled = () => {
    void queryClient.invalidateQueries({ queryKey: ['patient-bookings', props.patientId] });
    props.onCancelled();
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`my-bookings.${kind}`)}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorMessage error={query.error} retry={() => void query.refetch()} />
      ) : shown.length === 0 ? (
        <Empty>{t(`my-bookings.${kind}Empty`)}</Empty>
      ) : (
        <>
          <ul className="list">
            {shown.map((b) => (
              <li key={b.id}>
                <BookingCard booking={b} now={now} onCancelled={cancelled} />
              </li>
            ))}
          </ul>
          {query.hasNextPage ? (
            <p>
              <button
                type="button"
                className="button secondary"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? t('common.loading') : t('my-bookings.more')}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function useSubject(booking: BookingView) {
  const api = useApi();
  const doctor = useQuery({
    queryKey: ['public', 'doctor', booking.doctorId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id: booking.doctorId ?? '' } } })),
    enabled: booking.doctorId !== null,
    staleTime: 10 * 60_000,
  });
  const diagnostic = useQuery({
    queryKey: ['public', 'diagnostic-location', booking.diagnosticLocationId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/diagnostic-locations/{id}', {
          params: { path: { id: booking.diagnosticLocationId ?? '' } },
        }),
      ),
    enabled: booking.diagnosticLocationId !== null,
    staleTime: 10 * 60_000,
  });
  const location = useQuery({
    queryKey: ['public', 'location', booking.locationId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id: booking.locationId } } })),
    staleTime: 10 * 60_000,
  });
  return { doctor: doctor.data, diagnostic: diagnostic.data, location: location.data };
}

function BookingCard(props: { booking: BookingView; now: Date; onCancelled: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { booking } = props;
  const { doctor, diagnostic, location } = useSubject(booking);
  const zone = location?.timeZone;
  const what = doctor
    ? doctor.fullName
    : diagnostic
      ? diagnostic.diagnostic.name
      : t('common.loading');
  const detail = doctor ? doctor.specialty.name : diagnostic ? t('my-bookings.diagnostic') : '';
  const when = zone ? formatDateTime(booking.startAt, zone, locale) : '';
  const zoneLabel = zone ? zoneName(zone, locale, booking.startAt) : '';
  const headingId = `booking-${booking.id}`;
  return (
    <article className="card booking" aria-labelledby={headingId}>
      <div className="booking-head">
        <h3 id={headingId}>
          {what}
          {detail ? <span className="muted booking-detail"> · {detail}</span> : null}
        </h3>
        <span className={`badge ${statusTone(booking.status)}`}>
          {t(`my-bookings.status.${booking.status}`)}
        </span>
      </div>
      <p className="booking-when">
        {zone ? (
          <>
            <time dateTime={booking.startAt}>{when}</time>{' '}
            <span className="muted small">({zoneLabel})</span>
          </>
        ) : (
          t('common.loading')
        )}
      </p>
      <p className="muted">{location?.name ?? ''}</p>
      {booking.reason ? (
        <p className="small">
          <strong>{t('my-bookings.reason')}</strong> {booking.reason}
        </p>
      ) : null}
      {canChange(booking, props.now) ? (
        <div className="button-row">
          <Link href={`/reschedule/${booking.id}`} className="button secondary">
            {t('my-bookings.reschedule')}
            <span className="visually-hidden"> {t('my-bookings.thisBooking', { what, when })}</span>
          </Link>
          <CancelBooking
            booking={booking}
            what={what}
            when={zone ? `${when} (${zoneLabel})` : when}
            onCancelled={props.onCancelled}
          />
        </div>
      ) : null}
      {canRate(booking) ? <RateVisit bookingId={booking.id} doctorName={what} /> : null}
    </article>
  );
}
