// /admin/locations: the clinics, and a new one with its address, time zone, currency and
// opening hours in one step.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { browserTimeZone, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { useLocale } from '../../lib/locale.js';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import { type LocationDraft, LocationFields } from './LocationFields.js';
import { ActiveBadge, AdminError, Confirmation, DirectoryNav, LoadMore } from './parts.js';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.js';
import { intervalsOf, workWeek } from './weekly-hours.js';

export default function LocationsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useInfiniteQuery({
    queryKey: ['public', 'admin', 'locations', 'admin'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/locations', {
          params: {
            query: { status: 'all', limit: 100, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  return (
    <Page title={t('admin.locations.title')}>
      <DirectoryNav />
      {created ? (
        <Confirmation key={created.id}>
          {t('admin.locations.created', { name: created.name })}{' '}
          <Link href={`/admin/locations/${created.id}`}>
            {t('admin.locations.open', { name: created.name })}
          </Link>
        </Confirmation>
      ) : null}
      <h2>{t('admin.locations.list')}</h2>
      <QueryView query={{ ...list, data: list.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.locations.empty')}</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t('admin.locations.list')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.fields.name')}</th>
                      <th scope="col">{t('admin.fields.address')}</th>
                      <th scope="col">{t('admin.fields.timeZone')}</th>
                      <th scope="col">{t('admin.fields.currency')}</th>
                      <th scope="col">{t('admin.fields.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((l) => (
                      <tr key={l.id}>
                        <td>
                          <Link href={`/admin/locations/${l.id}`}>{l.name}</Link>
                        </td>
                        <td>{l.address}</td>
                        <td>{l.timeZone}</td>
                        <td>{l.currency}</td>
                        <td>
                          <ActiveBadge active={l.active} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore {...list} />
            </>
          )
        }
      </QueryView>
      <CreateLocation onCreated={setCreated} />
    </Page>
  );
}

const blank = (): LocationDraft => ({
  name: '',
  address: '',
  phone: '',
  timeZone: browserTimeZone(),
  currency: 'EUR',
});

function CreateLocation(props: { onCreated: (created: { id: string; name: string }) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(blank);
  const [week, setWeek] = useState(() => workWeek('08:00', '18:00'));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/locations', { body: { ...draft, workingHours: intervalsOf(week) } }),
      ),
    onSuccess: (location) => {
      setDraft(blank());
      setWeek(workWeek('08:00', '18:00'));
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      props.onCreated({ id: location.id, name: location.name });
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Form
      validationBehavior="aria"
      ref={form}
      className="form admin-form card"
      onSubmit={submit}
      validationErrors={errors}
      aria-labelledby="new-location"
    >
      <h2 id="new-location">{t('admin.locations.new')}</h2>
      {create.error ? <AdminError error={create.error} /> : null}
      <LocationFields draft={draft} onChange={clearing(create, setDraft)} errors={errors} />
      <WeeklyHoursEditor
        legend={t('admin.locations.hours')}
        zoneLabel={`${draft.timeZone} (${zoneName(draft.timeZone, locale)})`}
        week={week}
        onChange={clearing(create, setWeek)}
        errors={errors}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('admin.locations.create')}
        </button>
      </div>
    </Form>
  );
}
