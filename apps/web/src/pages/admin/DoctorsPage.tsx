// /admin/doctors: the doctors (all, or one clinic's with ?locationId=), and a new doctor's profile.
// After creating, the doctor's own page opens to set their weekly hours.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatMoney } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { useLocale } from '../../lib/locale.js';
import { blankDoctor, DoctorFields, doctorBody, useDirectoryChoices } from './DoctorFields.js';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import { ActiveBadge, AdminError, DirectoryNav, LoadMore, SelectField } from './parts.js';

export default function DoctorsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const [, navigate] = useLocation();
  const locationId = new URLSearchParams(useSearch()).get('locationId') ?? '';
  const { locations } = useDirectoryChoices();
  const list = useInfiniteQuery({
    queryKey: ['public', 'admin', 'doctors', 'admin', locationId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/doctors', {
          params: {
            query: {
              status: 'all',
              limit: 50,
              ...(locationId ? { locationId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Page title={t('admin.doctors.title')}>
      <DirectoryNav />
      <CreateDoctor locationId={locationId} />
      <h2>{t('admin.doctors.list')}</h2>
      <div className="admin-filter">
        <SelectField
          label={t('admin.doctors.filterLocation')}
          name="filterLocation"
          value={locationId}
          onChange={(id) => navigate(id ? `/admin/doctors?locationId=${id}` : '/admin/doctors')}
        >
          <option value="">{t('admin.doctors.allLocations')}</option>
          {locations.data?.items.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryView query={{ ...list, data: list.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.doctors.empty')}</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t('admin.doctors.list')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.fields.fullName')}</th>
                      <th scope="col">{t('admin.fields.specialty')}</th>
                      <th scope="col">{t('admin.fields.location')}</th>
                      <th scope="col">{t('admin.fields.price')}</th>
                      <th scope="col">{t('admin.fields.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((d) => (
                      <tr key={d.id}>
                        <td>
                          <Link href={`/admin/doctors/${d.id}`}>{d.fullName}</Link>
                        </td>
                        <td>{d.specialty.name}</td>
                        <td>{d.location.name}</td>
                        <td>{formatMoney(d.price, d.currency, locale)}</td>
                        <td>
                          <ActiveBadge active={d.active} />
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
    </Page>
  );
}

function CreateDoctor(props: { locationId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(() => blankDoctor(props.locationId));
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/doctors', { body: doctorBody(draft, false) })),
    onSuccess: (doctor) => {
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      navigate(`/admin/doctors/${doctor.id}?created=1`);
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <details className="card admin-create" open={Boolean(props.locationId) || undefined}>
      <summary>{t('admin.doctors.new')}</summary>
      <Form
        validationBehavior="aria"
        ref={form}
        className="form admin-form"
        onSubmit={submit}
        validationErrors={errors}
        aria-label={t('admin.doctors.new')}
      >
        {create.error ? <AdminError error={create.error} /> : null}
        <DoctorFields draft={draft} onChange={clearing(create, setDraft)} errors={errors} />
        <div className="button-row">
          <button type="submit" className="button" disabled={create.isPending}>
            {t('admin.doctors.create')}
          </button>
        </div>
      </Form>
    </details>
  );
}
