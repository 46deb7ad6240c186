// A doctor's schedule at the desk: the weekly hours (read only here), and the exceptions the desk
// keeps: time off (whole local days) and extra hours, each listed, added and removed.
import type { ExtraHoursView, LocationView, TimeOffView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime, formatPlainDate, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading, QueryView } from '../../ui/Status.js';
import {
  ConfirmDialog,
  chooseLocation,
  DeskError,
  LocationPicker,
  useLocationDoctors,
  useStaffLocations,
} from './shared.js';
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

function timeOffText(entry: TimeOffView, zone: string, locale: string): string {
  if (entry.startsOn && entry.endsOn) {
    const from = formatPlainDate(entry.startsOn, locale);
    return entry.startsOn === entry.endsOn
      ? from
      : `${from} – ${formatPlainDate(entry.endsOn, locale)}`;
  }
  if (entry.startsAt && entry.endsAt) {
    return `${formatDateTime(entry.startsAt, zone, locale)} – ${formatDateTime(entry.endsAt, zone, locale)}`;
  }
  return '';
}

function TimeOffSection(props: { doctorId: string; zone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['desk', 'time-off', props.doctorId];
  const list = useQuery({
    queryKey: key,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/doctors/{id}/time-off', { params: { path: { id: props.doctorId } } }),
        )
      ).items,
  });
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [removing, setRemoving] = useState<TimeOffView | null>(null);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/doctors/{id}/time-off', {
          params: { path: { id: props.doctorId } },
          body: {
            startsOn,
            endsOn: endsOn || startsOn,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: (created) => {
      setStartsOn('');
      setEndsOn('');
      setReason('');
      const text = t('desk.schedules.timeOffAdded', {
        when: timeOffText(created, props.zone, locale),
      });
      setAnnouncement(
        created.conflictingBookings > 0
          ? `${text} ${t('desk.schedules.conflicts', { count: created.conflictingBookings })}`
          : text,
      );
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: async (entry: TimeOffView) => {
      await unwrap(
        api.DELETE('/api/v1/doctors/{id}/time-off/{timeOffId}', {
          params: { path: { id: props.doctorId, timeOffId: entry.id } },
        }),
      );
      return entry;
    },
    onSuccess: (entry) => {
      setRemoving(null);
      setAnnouncement(
        t('desk.schedules.timeOffRemoved', {
          when: timeOffText(entry, props.zone, locale),
        }),
      );
      queryClient.setQueryData<TimeOffView[]>(key, (items) =>
        (items ?? []).filter((i) => i.id !== entry.id),
      );
    },
    onError: () => setRemoving(null),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnouncement('');
    add.mutate();
  };
  return (
    <section aria-labelledby="desk-time-off">
      <h2 id="desk-time-off">{t('desk.schedules.timeOff')}</h2>
      <p className="desk-announce" role="status">
        {announcement}
      </p>
      {remove.error ? <DeskError error={remove.error} /> : null}
      <QueryView query={list}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('desk.schedules.noTimeOff')}</Empty>
          ) : (
            <ul className="list">
              {items.map((entry) => (
                <li key={entry.id} className="card desk-entry">
                  <span>
                    {timeOffText(entry, props.zone, locale)}
                    {entry.reason ? <span className="muted"> · {entry.reason}</span> : null}
                  </span>
                  <button
                    type="button"
                    className="button secondary"
                    aria-label={t('desk.schedules.removeTimeOff', {
                      when: timeOffText(entry, props.zone, locale),
                    })}
                    onClick={() => {
                      remove.reset();
                      setRemoving(entry);
                    }}
                  >
                    {t('desk.schedules.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <h3>{t('desk.schedules.addTimeOff')}</h3>
      <Form className="form desk-inline-form" onSubmit={submit}>
        {add.error ? <DeskError error={add.error} /> : null}
        <Field
          label={t('desk.schedules.firstDay')}
          type="date"
          name="startsOn"
          isRequired
          value={startsOn}
          onChange={setStartsOn}
        />
        <Field
          label={t('desk.schedules.lastDay')}
          description={t('desk.schedules.lastDayHint')}
          type="date"
          name="endsOn"
          value={endsOn}
          onChange={setEndsOn}
        />
        <Field
          label={t('desk.schedules.reason')}
          description={t('desk.patients.optional')}
          name="reason"
          maxLength={200}
          value={reason}
          onChange={setReason}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          {t('desk.schedules.addTimeOffButton')}
        </button>
      </Form>
      <ConfirmDialog
        isOpen={removing !== null}
        title={t('desk.schedules.confirmRemoveTimeOff')}
        confirmLabel={t('desk.schedules.remove')}
        pending={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing);
        }}
      >
        <p>{removing ? timeOffText(removing, props.zone, locale) : ''}</p>
      </ConfirmDialog>
    </section>
  );
}

function extraText(entry: ExtraHoursView, locale: string): string {
  return `${formatPlainDate(entry.date, locale)}, ${entry.opensAt}–${entry.closesAt}`;
}

function ExtraHoursSection(props: { doctorId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['desk', 'extra-hours', props.doctorId];
  const list = useQuery({
    queryKey: key,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/doctors/{id}/extra-hours', { params: { path: { id: props.doctorId } } }),
        )
      ).items,
  });
  const [date, setDate] = useState('');
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [removing, setRemoving] = useState<ExtraHoursView | null>(null);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/doctors/{id}/extra-hours', {
          params: { path: { id: props.doctorId } },
          body: { date, opensAt, closesAt },
        }),
      ),
    onSuccess: (created) => {
      setDate('');
      setOpensAt('');
      setClosesAt('');
      setAnnouncement(t('desk.schedules.extraAdded', { when: extraText(created, locale) }));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: async (entry: ExtraHoursView) => {
      await unwrap(
        api.DELETE('/api/v1/doctors/{id}/extra-hours/{extraHoursId}', {
          params: { path: { id: props.doctorId, extraHoursId: entry.id } },
        }),
      );
      return entry;
    },
    onSuccess: (entry) => {
      setRemoving(null);
      setAnnouncement(t('desk.schedules.extraRemoved', { when: extraText(entry, locale) }));
      queryClient.setQueryData<ExtraHoursView[]>(key, (items) =>
        (items ?? []).filter((i) => i.id !== entry.id),
      );
    },
    onError: () => setRemoving(null),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnouncement('');
    add.mutate();
  };
  return (
    <section aria-labelledby="desk-extra">
      <h2 id="desk-extra">{t('desk.schedules.extraHours')}</h2>
      <p className="desk-announce" role="status">
        {announcement}
      </p>
      {remove.error ? <DeskError error={remove.error} /> : null}
      <QueryView query={list}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('desk.schedules.noExtra')}</Empty>
          ) : (
            <ul className="list">
              {items.map((entry) => (
                <li key={entry.id} className="card desk-entry">
                  <span>{extraText(entry, locale)}</span>
                  <button
                    type="button"
                    className="button secondary"
                    aria-label={t('desk.schedules.removeExtra', {
                      when: extraText(entry, locale),
                    })}
                    onClick={() => {
                      remove.reset();
                      setRemoving(entry);
                    }}
                  >
                    {t('desk.schedules.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <h3>{t('desk.schedules.addExtra')}</h3>
      <Form className="form desk-inline-form" onSubmit={submit}>
        {add.error ? <DeskError error={add.error} /> : null}
        <Field
          label={t('desk.schedules.day')}
          type="date"
          name="date"
          isRequired
          value={date}
          onChange={setDate}
        />
        <Field
          label={t('desk.schedules.opensAt')}
          type="time"
          name="opensAt"
          isRequired
          value={opensAt}
          onChange={setOpensAt}
        />
        <Field
          label={t('desk.schedules.closesAt')}
          type="time"
          name="closesAt"
          isRequired
          value={closesAt}
          onChange={setClosesAt}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          {t('desk.schedules.addExtraButton')}
        </button>
      </Form>
      <ConfirmDialog
        isOpen={removing !== null}
        title={t('desk.schedules.confirmRemoveExtra')}
        confirmLabel={t('desk.schedules.remove')}
        pending={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing);
        }}
      >
        <p>{removing ? extraText(removing, locale) : ''}</p>
      </ConfirmDialog>
    </section>
  );
}
