// A location's day at the front desk: every booking by doctor (or diagnostic) and time, in the
// clinic's zone, with the status changes the desk makes (check in, complete, no-show, cancel).
import type { LocationView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { type Api, unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';
import { dayKey, formatPlainDate, formatTime, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import { BookingRow } from './BookingRow.js';
import {
  addDays,
  type Booking,
  type Column,
  columnsOf,
  DESTRUCTIVE,
  type DeskAction,
  replaceBooking,
} from './day.js';
import {
  ConfirmDialog,
  chooseLocation,
  DeskError,
  LocationPicker,
  useLocationDoctors,
  useStaffLocations,
} from './shared.js';
import './desk.css';

/** The day's bookings, each with its patient's name (the list answers them: no read per patient). */
async function dayBookings(api: Api, locationId: string, date: string): Promise<Booking[]> {
  const all: Booking[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/locations/{id}/bookings', {
        params: {
          path: { id: locationId },
          query: { date, limit: 100, ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

function changeBooking(api: Api, action: DeskAction, booking: Booking) {
  const init = { params: { path: { id: booking.id } }, body: { version: booking.version } };
  switch (action) {
    case 'check-in':
      return unwrap(api.POST('/api/v1/bookings/{id}/check-in', init));
    case 'complete':
      return unwrap(api.POST('/api/v1/bookings/{id}/complete', init));
    case 'no-show':
      return unwrap(api.POST('/api/v1/bookings/{id}/no-show', init));
    case 'cancel':
      return unwrap(api.POST('/api/v1/bookings/{id}/cancel', init));
  }
}

export default function DeskDayPage() {
  const { t } = useTranslation();
  const { locations, isPending, error } = useStaffLocations();
  return (
    <Page title={t('desk.day.title')}>
      {isPending ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : locations.length === 0 ? (
        <Empty>{t('desk.noLocations')}</Empty>
      ) : (
        <DayView locations={locations} />
      )}
    </Page>
  );
}

function DayView(props: { locations: LocationView[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const [path, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const location = chooseLocation(props.locations, search.get('location')) as LocationView;
  const zone = location.timeZone;
  const today = dayKey(new Date(), zone);
  const wantedDate = search.get('date');
  const date = wantedDate && /^\d{4}-\d{2}-\d{2}$/.test(wantedDate) ? wantedDate : today;
  const go = (next: { location?: string; date?: string }) => {
    const params = new URLSearchParams({
      location: next.location ?? location.id,
      date: next.date ?? date,
    });
    navigate(`${path}?${params}`, { replace: true });
  };

  const key = ['desk', 'day', location.id, date];
  const day = useQuery({ queryKey: key, queryFn: () => dayBookings(api, location.id, date) });
  const doctors = useLocationDoctors(location.id);
  const [announcement, setAnnouncement] = useState('');
  const announcer = useRef<HTMLParagraphElement>(null);
  // After a change the row's buttons change too: the focus goes to the row's next action, or to
  // the announcement when none is left.
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  useEffect(() => {
    if (!focusAfter) return;
    const next = document.querySelector<HTMLElement>(
      `tr[data-booking-id="${focusAfter}"] .desk-actions > *`,
    );
    (next ?? announcer.current)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);
  const [asking, setAsking] = useState<{ booking: Booking; action: DeskAction } | null>(null);

  const change = useMutation({
    mutationFn: (input: { booking: Booking; action: DeskAction }) =>
      changeBooking(api, input.action, input.booking),
    onSuccess: (updated, input) => {
      queryClient.setQueryData<Booking[]>(key, (list) => replaceBooking(list ?? [], updated));
      setAsking(null);
      setFocusAfter(updated.id);
      const patient = input.booking.patient.fullName;
      setAnnouncement(
        t(`desk.day.done.${input.action}`, {
          patient,
          time: formatTime(updated.startAt, zone, locale),
        }),
      );
    },
    onError: (failure) => {
      setAsking(null);
      setAnnouncement('');
      if (failure instanceof ApiProblem && failure.status === 409) void day.refetch();
    },
  });

  const run = (booking: Booking, action: DeskAction) => {
    change.reset();
    if (DESTRUCTIVE.has(action)) setAsking({ booking, action });
    else change.mutate({ booking, action });
  };

  const doctorName = (column: Column) =>
    column.kind === 'doctor'
      ? (doctors.data?.find((d) => d.id === column.id)?.fullName ?? t('desk.day.doctor'))
      : t('desk.day.diagnostic');

  return (
    <>
      <div className="desk-toolbar">
        <LocationPicker
          locations={props.locations}
          value={location.id}
          onChange={(id) => go({ location: id })}
        />
        <div className="desk-day-nav">
          <button
            type="button"
            className="button secondary"
            onClick={() => go({ date: addDays(date, -1) })}
          >
            {t('desk.day.previous')}
          </button>
          <label className="field">
            <span>{t('desk.day.date')}</span>
            <input
              type="date"
              value={date}
              onChange={(event) => {
                if (event.target.value) go({ date: event.target.value });
              }}
            />
          </label>
          <button
            type="button"
            className="button secondary"
            onClick={() => go({ date: addDays(date, 1) })}
          >
            {t('desk.day.next')}
          </button>
          {date !== today ? (
            <button type="button" className="button secondary" onClick={() => go({ date: today })}>
              {t('desk.day.today')}
            </button>
          ) : null}
        </div>
      </div>
      <h2 className="desk-day-heading">
        {t('desk.day.heading', {
          location: location.name,
          date: formatPlainDate(date, locale, 'full'),
        })}
      </h2>
      <p className="muted small">
        {t('desk.day.zone', { zone: zoneName(zone, locale, `${date}T12:00:00Z`), id: zone })}
      </p>
      <p className="desk-announce" role="status" aria-live="polite" tabIndex={-1} ref={announcer}>
        {announcement}
      </p>
      {change.error ? <DeskError error={change.error} /> : null}
      {day.isPending ? (
        <Loading label={t('desk.day.loading')} />
      ) : day.error ? (
        <ErrorMessage error={day.error} retry={() => void day.refetch()} />
      ) : day.data.length === 0 ? (
        <Empty>{t('desk.day.empty')}</Empty>
      ) : (
        <div className="desk-columns">
          {columnsOf(day.data).map((column) => (
            <section
              key={column.key}
              className="desk-column card"
              aria-labelledby={`col-${column.key}`}
            >
              <h3 id={`col-${column.key}`}>{doctorName(column)}</h3>
              <table>
                <caption className="visually-hidden">
                  {t('desk.day.tableCaption', { name: doctorName(column) })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('desk.day.time')}</th>
                    <th scope="col">{t('desk.day.patient')}</th>
                    <th scope="col">{t('desk.day.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {column.bookings.map((booking) => (
                    <BookingRow
                      key={booking.id}
                      booking={booking}
                      zone={zone}
                      busy={change.isPending && change.variables?.booking.id === booking.id}
                      onAction={(action) => run(booking, action)}
                    />
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      )}
      <ConfirmDialog
        isOpen={asking !== null}
        title={asking ? t(`desk.day.confirm.${asking.action}.title`) : ''}
        confirmLabel={asking ? t(`desk.day.confirm.${asking.action}.yes`) : ''}
        pending={change.isPending}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          if (asking) change.mutate(asking);
        }}
      >
        {asking ? (
          <p>
            {t(`desk.day.confirm.${asking.action}.body`, {
              patient: asking.booking.patient.fullName,
              time: formatTime(asking.booking.startAt, zone, locale),
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
