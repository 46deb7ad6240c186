// /admin/accounts: every account by role, a page at a time; new doctor, staff and admin accounts
// (a doctor's linked to their profile, staff's to the clinics they work at); disabling and
// enabling one; and the clinics of a staff account.
import type { AccountView } from '@medsync/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { useDirectoryChoices } from './DoctorFields.js';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import { LocationChoices } from './LocationChoices.js';
import { AdminError, Confirmation, LoadMore, SelectField } from './parts.js';

type Role = AccountView['role'];
const ROLES: Role[] = ['patient', 'doctor', 'staff', 'admin'];
const CREATABLE: Role[] = ['doctor', 'staff', 'admin'];

function useDoctorChoices() {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'admin', 'doctors', 'choices'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/doctors', { params: { query: { status: 'all', limit: 100 } } })),
  });
}

export default function AccountsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [role, setRole] = useState<Role | ''>('');
  const [done, setDone] = useState<{ n: number; text: string } | null>(null);
  const confirm = (text: string) => setDone((d) => ({ n: (d?.n ?? 0) + 1, text }));
  const list = useInfiniteQuery({
    queryKey: ['accounts', role],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/accounts', {
          params: {
            query: {
              limit: 50,
              ...(role ? { role } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Page title={t('admin.accounts.title')}>
      {done ? <Confirmation key={done.n}>{done.text}</Confirmation> : null}
      <CreateAccount onDone={confirm} />
      <h2>{t('admin.accounts.list')}</h2>
      <div className="admin-filter">
        <SelectField
          label={t('admin.accounts.filterRole')}
          name="filterRole"
          value={role}
          onChange={(value) => setRole(value as Role | '')}
        >
          <option value="">{t('admin.accounts.allRoles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.roles.${r}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryView query={{ ...list, data: list.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.accounts.empty')}</Empty>
          ) : (
            <>
              <ul className="list">
                {items.map((a) => (
                  <AccountRow key={a.id} account={a} onDone={confirm} />
                ))}
              </ul>
              <LoadMore {...list} />
            </>
          )
        }
      </QueryView>
    </Page>
  );
}

function CreateAccount(props: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const doctors = useDoctorChoices();
  const blank = {
    email: '',
    password: '',
    role: 'staff' as Role,
    doctorId: '',
    locationIds: [] as string[],
  };
  const [draft, setDraft] = useState(blank);
  const set = (change: Partial<typeof blank>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (create.error) create.reset();
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/accounts', {
          body: {
            email: draft.email,
            password: draft.password,
            role: draft.role,
            ...(draft.role === 'doctor' ? { doctorId: draft.doctorId } : {}),
            ...(draft.role === 'staff' ? { locationIds: draft.locationIds } : {}),
          },
        }),
      ),
    onSuccess: (account) => {
      setDraft(blank);
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      props.onDone(
        t('admin.accounts.created', {
          email: account.email,
          role: t(`admin.roles.${account.role}`),
        }),
      );
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(create.error);
  return (
    <Form
      validationBehavior="aria"
      ref={form}
      className="form admin-form card"
      aria-labelledby="new-account"
      validationErrors={errors}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-account">{t('admin.accounts.new')}</h2>
      {create.error ? <AdminError error={create.error} /> : null}
      <Field
        label={t('admin.fields.email')}
        name="email"
        type="email"
        autoComplete="off"
        isRequired
        value={draft.email}
        onChange={(email) => set({ email })}
      />
      <Field
        label={t('admin.fields.password')}
        description={t('admin.accounts.passwordHint')}
        name="password"
        type="password"
        autoComplete="new-password"
        isRequired
        value={draft.password}
        onChange={(password) => set({ password })}
      />
      <SelectField
        label={t('admin.fields.role')}
        name="role"
        required
        value={draft.role}
        onChange={(role) => set({ role: role as Role })}
        error={errors.role}
      >
        {CREATABLE.map((r) => (
          <option key={r} value={r}>
            {t(`admin.roles.${r}`)}
          </option>
        ))}
      </SelectField>
      {draft.role === 'doctor' ? (
        <SelectField
          label={t('admin.fields.doctorProfile')}
          name="doctorId"
          required
          value={draft.doctorId}
          onChange={(doctorId) => set({ doctorId })}
          error={errors.doctorId}
        >
          <option value="">{t('admin.choose')}</option>
          {doctors.data?.items.map((d) => (
            <option key={d.id} value={d.id}>
              {d.fullName} · {d.location.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {draft.role === 'staff' ? (
        <LocationChoices
          legend={t('admin.fields.staffLocations')}
          value={draft.locationIds}
          onChange={(locationIds) => set({ locationIds })}
          error={errors.locationIds}
        />
      ) : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('admin.accounts.create')}
        </button>
      </div>
    </Form>
  );
}

function AccountRow(props: { account: AccountView; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { me } = useMe();
  const queryClient = useQueryClient();
  const { account } = props;
  const { locations } = useDirectoryChoices();
  const doctors = useDoctorChoices();
  const [editing, setEditing] = useState(false);
  const [locationIds, setLocationIds] = useState(account.locationIds);
  const form = useRef<HTMLFormElement>(null);
  const toggle = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/accounts/{id}', {
          params: { path: { id: account.id } },
          body: { disabled: !account.disabled },
        }),
      ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      props.onDone(
        t(saved.disabled ? 'admin.accounts.disabledDone' : 'admin.accounts.enabledDone', {
          email: saved.email,
        }),
      );
    },
  });
  const saveLocations = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/accounts/{id}/locations', {
          params: { path: { id: account.id } },
          body: { locationIds },
        }),
      ),
    onSuccess: (saved) => {
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      props.onDone(t('admin.accounts.locationsSaved', { email: saved.email }));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const saveLocationsErrors = useFieldErrors(saveLocations.error);
  const locationName = (id: string) => locations.data?.items.find((l) => l.id === id)?.name ?? id;
  const doctor = doctors.data?.items.find((d) => d.id === account.doctorId);
  return (
    <li className="card">
      <div className="row-head">
        <h3 className="account-email">{account.email}</h3>
        <span className="badge">{t(`admin.roles.${account.role}`)}</span>
        <span className={account.disabled ? 'badge danger' : 'badge ok'}>
          {account.disabled ? t('admin.accounts.disabled') : t('admin.accounts.enabled')}
        </span>
      </div>
      {account.doctorId ? (
        <p className="small">
          {t('admin.fields.doctorProfile')}:{' '}
          <Link href={`/admin/doctors/${account.doctorId}`}>
            {doctor?.fullName ?? t('admin.accounts.profile')}
          </Link>
        </p>
      ) : null}
      {account.role === 'staff' ? (
        <p className="small">
          {t('admin.fields.staffLocations')}:{' '}
          {account.locationIds.length > 0
            ? account.locationIds.map(locationName).join(', ')
            : t('common.none')}
        </p>
      ) : null}
      {toggle.error ? <AdminError error={toggle.error} /> : null}
      {editing ? (
        <form
          ref={form}
          className="form admin-form"
          onSubmit={(event) => {
            event.preventDefault();
            saveLocations.mutate();
          }}
        >
          {saveLocations.error ? <AdminError error={saveLocations.error} /> : null}
          <LocationChoices
            legend={t('admin.accounts.locationsOf', { email: account.email })}
            value={locationIds}
            onChange={clearing(saveLocations, setLocationIds)}
            error={saveLocationsErrors.locationIds}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={saveLocations.isPending}>
              {t('common.save')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setEditing(false);
                saveLocations.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          {account.role === 'staff' ? (
            <button
              type="button"
              className="button secondary"
              aria-label={t('admin.accounts.editLocationsOf', { email: account.email })}
              onClick={() => {
                setLocationIds(account.locationIds);
                setEditing(true);
              }}
            >
              {t('admin.accounts.editLocations')}
            </button>
          ) : null}
          {me?.accountId === account.id ? null : (
            <button
              type="button"
              className="button secondary"
              disabled={toggle.isPending}
              aria-label={t(
                account.disabled ? 'admin.accounts.enableOf' : 'admin.accounts.disableOf',
                {
                  email: account.email,
                },
              )}
              onClick={() => toggle.mutate()}
            >
              {account.disabled ? t('admin.accounts.enable') : t('admin.accounts.disable')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
