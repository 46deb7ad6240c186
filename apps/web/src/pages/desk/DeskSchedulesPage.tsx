// A doctor's schedule at the desk: the weekly hours (read only here), and the exceptions the desk
// keeps: time off (whole local days) and extra hours, each listed, added and removed.
import type { LocationView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading, QueryView } from '../../ui/Status.js';
import { ExtraHoursSection } from './ScheduleExtraHours.js';
import { TimeOffSection } from './ScheduleTimeOff.js';
import { chooseLocation, LocationPicker, useLocationDoctors, useStaffLocations } from './shared.js';
import './desk.css';

export default function DeskSchedulesPage() {
  const { t } = useTranslation();
  const { locations, isPending, error } = useStaffLocations();
  return (
    <Page title={t('desk.schedules.title')}>
      {isPending ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : locations.length === 0 ? (
        <Empty>{t('desk.noLocations')}</Empty>
      ) : (
        <Schedules locations={locations} />
      )}
    </Page>
  );
}

function Schedules(props: { locations: LocationView[] }) {
  const { t } = useTranslation();
  const [path, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const location = chooseLocation(props.locations, search.get('location')) as LocationView;
  const doctors = useLocationDoctors(location.id);
  const doctorId =
    doctors.data?.find((d) => d.id === search.get('doctor'))?.id ?? doctors.data?.[0]?.id;
  const go = (next: { location?: string; doctor?: string }) => {
    const params = new URLSearchParams({ location: next.location ?? location.id });
    const doctor = next.location ? undefined : (next.doctor ?? doctorId);
    if (doctor) params.set('doctor', doctor);
    navigate(`${path}?${params}`, { replace: true });
  };
  return (
    <>
      <div className="desk-toolbar">
        <LocationPicker
          locations={props.locations}
          value={location.id}
          onChange={(id) => go({ location: id })}
        />
        {doctors.data && doctors.data.length > 0 ? (
          <label className="field desk-picker">
            <span>{t('desk.schedules.doctor')}</span>
            <select value={doctorId} onChange={(event) => go({ doctor: event.target.value })}>
              {doctors.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fullName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {doctors.isPending ? (
        <Loading />
      ) : doctors.error ? (
        <ErrorMessage error={doctors.error} retry={() => void doctors.refetch()} />
      ) : doctorId === undefined ? (
        <Empty>{t('desk.schedules.noDoctors')}</Empty>
      ) : (
        <DoctorSchedule key={doctorId} doctorId={doctorId} zone={location.timeZone} />
      )}
    </>
  );
}

function DoctorSchedule(props: { doctorId: string; zone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <p className="muted small">
        {t('desk.schedules.zone', { zone: zoneName(props.zone, locale), id: props.zone })}
      </p>
      <WorkingHours doctorId={props.doctorId} />
      <TimeOffSection doctorId={props.doctorId} zone={props.zone} />
      <ExtraHoursSection doctorId={props.doctorId} />
    </>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function weekdayName(weekday: number, locale: string): string {
  // 2024-01-01 was a Monday (ISO weekday 1).
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
}

function WorkingHours(props: { doctorId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const hours = useQuery({
    queryKey: ['public', 'doctor-hours', props.doctorId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/doctors/{id}/working-hours', { params: { path: { id: props.doctorId } } }),
      ),
  });
  return (
    <section aria-labelledby="desk-hours">
      <h2 id="desk-hours">{t('desk.schedules.weekly')}</h2>
      <QueryView query={hours}>
        {(data) => (
          <>
            {data.locationDefault ? (
              <p className="muted small">{t('desk.schedules.locationDefault')}</p>
            ) : null}
            <table className="desk-hours">
              <caption className="visually-hidden">{t('desk.schedules.weekly')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('desk.schedules.weekday')}</th>
                  <th scope="col">{t('desk.schedules.hours')}</th>
                </tr>
              </thead>
              <tbody>
                {WEEKDAYS.map((weekday) => {
                  const intervals = data.workingHours.filter((w) => w.weekday === weekday);
                  return (
                    <tr key={weekday}>
                      <th scope="row">{weekdayName(weekday, locale)}</th>
                      <td>
                        {intervals.length === 0
                          ? t('desk.schedules.closed')
                          : intervals.map((w) => `${w.opensAt}–${w.closesAt}`).join(', ')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </QueryView>
    </section>
  );
}
