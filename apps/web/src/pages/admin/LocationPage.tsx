// /admin/locations/:id: one clinic: its details (or deactivate it) and its weekly opening hours,
// each saved on its own; the doctors who work there are listed with links.
import type { LocationView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { useLocale } from '../../lib/locale.js';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import { LocationFields } from './LocationFields.js';
import { AdminError, Confirmation, DirectoryNav } from './parts.js';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.js';
import { intervalsOf, weekOf } from './weekly-hours.js';

export default function LocationPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams<{ id: string }>();
  const location = useQuery({
    queryKey: ['public', 'admin', 'location', id],
    queryFn: () => unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
  });
  return (
    <Page title={location.data?.name ?? t('admin.locations.one')}>
      <DirectoryNav />
      <p>
        <Link href="/admin/locations">{t('admin.locations.back')}</Link>
      </p>
      <QueryView query={location}>
        {(data) => (
          <>
            <LocationDetails location={data} />
            <LocationHours location={data} />
            <LocationDoctors location={data} />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function useSaved() {
  const [saved, setSaved] = useState<{ n: number; text: string } | null>(null);
  return [saved, (text: string) => setSaved((s) => ({ n: (s?.n ?? 0) + 1, text }))] as const;
}

function LocationDetails(props: { location: LocationView }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { location } = props;
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState({
    name: location.name,
    address: location.address,
    phone: location.phone,
    timeZone: location.timeZone,
    currency: location.currency,
  });
  const [saved, confirm] = useSaved();
  const update = useMutation({
    mutationFn: (body: Partial<typeof draft> & { active?: boolean }) =>
      unwrap(api.PATCH('/api/v1/locations/{id}', { params: { path: { id: location.id } }, body })),
    onSuccess: (result) => {
      confirm(t('admin.locations.saved', { name: result.name }));
      queryClient.setQueryData(['public', 'admin', 'location', location.id], result);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(update.error);
  return (
    <section aria-labelledby="location-details">
      <h2 id="location-details">{t('admin.locations.details')}</h2>
      {saved ? <Confirmation key={saved.n}>{saved.text}</Confirmation> : null}
      <Form
        validationBehavior="aria"
        ref={form}
        className="form admin-form card"
        validationErrors={errors}
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate(draft);
        }}
      >
        {update.error ? <AdminError error={update.error} /> : null}
        <LocationFields draft={draft} onChange={clearing(update, setDraft)} errors={errors} />
        <div className="button-row">
          <button type="submit" className="button" disabled={update.isPending}>
            {t('common.save')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ active: !location.active })}
          >
            {location.active ? t('admin.locations.deactivate') : t('admin.locations.activate')}
          </button>
        </div>
        <p className="muted small">
          {location.active ? t('admin.locations.isActive') : t('admin.locations.isInactive')}
        </p>
      </Form>
    </section>
  );
}

function LocationHours(props: { location: LocationView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { location } = props;
  const form = useRef<HTMLFormElement>(null);
  const [week, setWeek] = useState(() => weekOf(location.workingHours));
  const [saved, confirm] = useSaved();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/locations/{id}/working-hours', {
          params: { path: { id: location.id } },
          body: { workingHours: intervalsOf(week) },
        }),
      ),
    onSuccess: (result) => {
      confirm(t('admin.hours.saved'));
      queryClient.setQueryData(['public', 'admin', 'location', location.id], result);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const saveErrors = useFieldErrors(save.error);
  return (
    <section aria-labelledby="location-hours">
      <h2 id="location-hours">{t('admin.locations.hours')}</h2>
      {saved ? <Confirmation key={saved.n}>{saved.text}</Confirmation> : null}
      <form
        ref={form}
        className="form admin-form card"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        {save.error ? <AdminError error={save.error} /> : null}
        <WeeklyHoursEditor
          legend={t('admin.hours.weekly')}
          zoneLabel={`${location.timeZone} (${zoneName(location.timeZone, locale)})`}
          week={week}
          onChange={clearing(save, setWeek)}
          errors={saveErrors}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('admin.hours.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function LocationDoctors(props: { location: LocationView }) {
  const { t } = useTranslation();
  const api = useApi();
  const doctors = useQuery({
    queryKey: ['public', 'admin', 'doctors', 'at-location', props.location.id],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/doctors', {
          params: { query: { locationId: props.location.id, status: 'all', limit: 100 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="location-doctors">
      <h2 id="location-doctors">{t('admin.locations.doctors')}</h2>
      <QueryView query={doctors}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('admin.locations.noDoctors')}</Empty>
          ) : (
            <ul>
              {page.items.map((d) => (
                <li key={d.id}>
                  <Link href={`/admin/doctors/${d.id}`}>{d.fullName}</Link> · {d.specialty.name}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <p>
        <Link href={`/admin/doctors?locationId=${props.location.id}`} className="button secondary">
          {t('admin.locations.addDoctor')}
        </Link>
      </p>
    </section>
  );
}
