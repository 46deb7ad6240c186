// A doctor's time off in whole local days: listed, added (with the bookings it overlaps counted)
// and removed.
import type { TimeOffView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime, formatPlainDate } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Empty, QueryView } from '../../ui/Status.js';
import { ConfirmDialog, DeskError } from './shared.js';

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

export function TimeOffSection(props: { doctorId: string; zone: string }) {
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
