// A doctor's extra hours (a date with local opening and closing times): listed, added, removed.
import type { ExtraHoursView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatPlainDate } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Empty, QueryView } from '../../ui/Status.js';
import { ConfirmDialog, DeskError } from './shared.js';

function extraText(entry: ExtraHoursView, locale: string): string {
  return `${formatPlainDate(entry.date, locale)}, ${entry.opensAt}–${entry.closesAt}`;
}

export function ExtraHoursSection(props: { doctorId: string }) {
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
