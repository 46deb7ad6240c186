// "My day": the signed-in doctor's bookings for one day of their clinic (today there unless the
// address names another), times in the clinic's zone, and the critical results to acknowledge.
import type { DayBookingView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { formatPlainDate, formatShortDate, formatTime, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Loading } from '../../ui/Status.js';
import { CriticalResults } from './CriticalResults.js';
import { addDays, isPlainDate, todayIn } from './day.js';
import { ProblemAlert } from './feedback.js';
import { doctorKeys, useDoctor } from './queries.js';
import { bookingTone } from './tones.js';
import './doctor.css';
import { useLocale } from '../../lib/locale.js';

export default function DoctorDayPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const doctor = useDoctor(me?.doctorId);
  return (
    <Page title={t('doctor.day.title')}>
      {!me?.doctorId ? (
        <p className="warning">{t('doctor.noDoctorProfile')}</p>
      ) : doctor.isPending ? (
        <Loading />
      ) : doctor.error ? (
        <ProblemAlert error={doctor.error} retry={() => void doctor.refetch()} />
      ) : (
        <div className="doctor-day">
          <CriticalResults />
          <Day doctorId={me.doctorId} timeZone={doctor.data.location.timeZone} />
        </div>
      )}
    </Page>
  );
}

/** The day's bookings, each with its patient's name (the list answers them: no read per patient). */
async function allOfDay(
  api: ReturnType<typeof useApi>,
  doctorId: string,
  date: string,
): Promise<DayBookingView[]> {
  const items: DayBookingView[] = [];
  let cursor: string | undefined;
  // A day is a bounded list; its pages are read through so that the day is shown whole.
  for (let page = 0; page < 10; page++) {
    const result = await unwrap(
      api.GET('/api/v1/doctors/{id}/bookings', {
        params: {
          path: { id: doctorId },
          query: { date, limit: 100, ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items.filter((b) => b.status !== 'held' && b.status !== 'expired');
}

function Day(props: { doctorId: string; timeZone: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const locale = useLocale();
  const requested = new URLSearchParams(useSearch()).get('date');
  const today = todayIn(props.timeZone);
  const date = isPlainDate(requested) ? requested : today;
  const query = useQuery({
    queryKey: doctorKeys.day(props.doctorId, date),
    queryFn: () => allOfDay(api, props.doctorId, date),
  });
  const bookings = query.data ?? [];
  const noon = `${date}T12:00:00Z`;
  const dayLabel = formatPlainDate(date, locale, 'full');
  return (
    <section aria-labelledby="day-heading">
      <h2 id="day-heading">
        {date === today ? t('doctor.day.todayHeading', { date: dayLabel }) : dayLabel}
      </h2>
      <p className="small muted">
        {t('doctor.day.zone', { zone: zoneName(props.timeZone, locale, noon), id: props.timeZone })}
      </p>
      <DayNavigation key={date} date={date} today={today} timeZone={props.timeZone} />
      {query.isPending ? (
        <Loading label={t('doctor.day.loading')} />
      ) : query.error ? (
        <ProblemAlert error={query.error} retry={() => void query.refetch()} />
      ) : (
        <>
          <p role="status" className="day-count">
            {t('doctor.day.count', { count: bookings.length, date: dayLabel })}
          </p>
          {bookings.length > 0 ? (
            <div className="table-scroll">
              <table className="day-table">
                <caption className="visually-hidden">
                  {t('doctor.day.caption', { date: dayLabel })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('doctor.day.time')}</th>
                    <th scope="col">{t('doctor.day.patient')}</th>
                    <th scope="col">{t('doctor.day.status')}</th>
                    <th scope="col">{t('doctor.day.reason')}</th>
                    <th scope="col">{t('doctor.day.visit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {bookings.map((booking) => (
                    <BookingRow key={booking.id} booking={booking} timeZone={props.timeZone} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function BookingRow(props: { booking: DayBookingView; timeZone: string }) {
  const { t } = useTranslation();
  const { booking, timeZone } = props;
  const locale = useLocale();
  const time = `${formatTime(booking.startAt, timeZone, locale)}–${formatTime(booking.endAt, timeZone, locale)}`;
  const patient = booking.patient.fullName;
  return (
    <tr>
      <th scope="row">{time}</th>
      <td>
        <Link href={`/doctor/patients/${booking.patientId}`}>
          {patient}
          <span className="visually-hidden"> {t('doctor.day.recordSuffix')}</span>
        </Link>
      </td>
      <td>
        <span className={`badge ${bookingTone(booking.status)}`}>
          {t(`doctor.bookingStatus.${booking.status}`)}
        </span>
      </td>
      <td className="pre-wrap">
        {booking.reason ?? <span className="muted">{t('doctor.day.noReason')}</span>}
      </td>
      <td>
        <Link href={`/doctor/visits/${booking.id}`} className="button secondary">
          {t('doctor.day.openVisit')}
          <span className="visually-hidden"> {t('doctor.day.visitWhat', { time, patient })}</span>
        </Link>
      </td>
    </tr>
  );
}

function DayNavigation(props: { date: string; today: string; timeZone: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [picked, setPicked] = useState(props.date);
  const locale = useLocale();
  const previous = addDays(props.date, -1);
  const next = addDays(props.date, 1);
  // Noon UTC names the same calendar day in every zone a clinic can be in.
  const short = (date: string) => formatShortDate(`${date}T12:00:00Z`, 'UTC', locale);
  const go = (event: FormEvent) => {
    event.preventDefault();
    if (isPlainDate(picked)) navigate(`/doctor?date=${picked}`);
  };
  return (
    <nav className="day-nav" aria-label={t('doctor.day.navigation')}>
      <Link href={`/doctor?date=${previous}`} className="button secondary">
        {t('doctor.day.previous', { date: short(previous) })}
      </Link>
      {props.date !== props.today ? (
        <Link href="/doctor" className="button secondary">
          {t('doctor.day.today')}
        </Link>
      ) : null}
      <Link href={`/doctor?date=${next}`} className="button secondary">
        {t('doctor.day.next', { date: short(next) })}
      </Link>
      <form className="day-pick" onSubmit={go}>
        <label>
          <span>{t('doctor.day.pick')}</span>
          <input type="date" value={picked} onChange={(e) => setPicked(e.target.value)} required />
        </label>
        <button type="submit" className="button secondary">
          {t('doctor.day.show')}
        </button>
      </form>
    </nav>
  );
}
