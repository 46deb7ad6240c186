// /admin/diagnostics: the diagnostics (examinations) and where each is offered: a new
// diagnostic, and a new offering of one at a clinic with its price (in the clinic's currency)
// and how many can run in parallel.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatMoney } from '../../lib/format.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { useLocale } from '../../lib/locale.js';
import { useDirectoryChoices } from './DoctorFields.js';
import { focusFirstInvalid, useFieldErrors } from './form-problems.js';
import {
  ActiveBadge,
  AdminError,
  Confirmation,
  DirectoryNav,
  LoadMore,
  SelectField,
} from './parts.js';

function useConfirm() {
  const [done, setDone] = useState<{ n: number; text: string } | null>(null);
  return [done, (text: string) => setDone((d) => ({ n: (d?.n ?? 0) + 1, text }))] as const;
}

export default function DiagnosticsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const [done, confirm] = useConfirm();
  const diagnostics = useInfiniteQuery({
    queryKey: ['public', 'admin', 'diagnostics', 'admin'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/diagnostics', {
          params: {
            query: { status: 'all', limit: 100, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const offerings = useInfiniteQuery({
    queryKey: ['public', 'admin', 'diagnostic-locations', 'admin'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/diagnostic-locations', {
          params: {
            query: { status: 'all', limit: 100, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Page title={t('admin.diagnostics.title')}>
      <DirectoryNav />
      {done ? <Confirmation key={done.n}>{done.text}</Confirmation> : null}
      <div className="admin-columns">
        <CreateDiagnostic onDone={confirm} />
        <CreateOffering onDone={confirm} />
      </div>
      <h2>{t('admin.diagnostics.list')}</h2>
      <QueryView query={{ ...diagnostics, data: diagnostics.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.diagnostics.empty')}</Empty>
          ) : (
            <>
              <ul className="list admin-compact">
                {items.map((d) => (
                  <li key={d.id} className="card">
                    <strong>{d.name}</strong> · {t('admin.minutes', { count: d.durationMinutes })}{' '}
                    <ActiveBadge active={d.active} />
                  </li>
                ))}
              </ul>
              <LoadMore {...diagnostics} />
            </>
          )
        }
      </QueryView>
      <h2>{t('admin.diagnostics.offerings')}</h2>
      <QueryView query={{ ...offerings, data: offerings.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.diagnostics.noOfferings')}</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t('admin.diagnostics.offerings')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.fields.diagnostic')}</th>
                      <th scope="col">{t('admin.fields.location')}</th>
                      <th scope="col">{t('admin.fields.price')}</th>
                      <th scope="col">{t('admin.fields.capacity')}</th>
                      <th scope="col">{t('admin.fields.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((o) => (
                      <tr key={o.id}>
                        <td>{o.diagnostic.name}</td>
                        <td>{o.location.name}</td>
                        <td>{formatMoney(o.price, o.currency, locale)}</td>
                        <td>{o.capacity}</td>
                        <td>
                          <ActiveBadge
                            active={o.active && o.diagnostic.active && o.location.active}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore {...offerings} />
            </>
          )
        }
      </QueryView>
    </Page>
  );
}

function CreateDiagnostic(props: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const blank = { name: '', description: '', preparation: '', durationMinutes: '30' };
  const [draft, setDraft] = useState(blank);
  const set = (change: Partial<typeof blank>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (create.error) create.reset();
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/diagnostics', {
          body: {
            name: draft.name,
            durationMinutes: Number(draft.durationMinutes),
            ...(draft.description ? { description: draft.description } : {}),
            ...(draft.preparation ? { preparation: draft.preparation } : {}),
          },
        }),
      ),
    onSuccess: (created) => {
      setDraft(blank);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      props.onDone(t('admin.diagnostics.created', { name: created.name }));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const createErrors = useFieldErrors(create.error);
  return (
    <Form
      validationBehavior="aria"
      ref={form}
      className="form admin-form card"
      aria-labelledby="new-diagnostic"
      validationErrors={createErrors}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-diagnostic">{t('admin.diagnostics.new')}</h2>
      {create.error ? <AdminError error={create.error} /> : null}
      <Field
        label={t('admin.fields.name')}
        name="name"
        isRequired
        maxLength={128}
        value={draft.name}
        onChange={(name) => set({ name })}
      />
      <Field
        label={t('admin.fields.durationMinutes')}
        name="durationMinutes"
        type="number"
        isRequired
        value={draft.durationMinutes}
        onChange={(durationMinutes) => set({ durationMinutes })}
      />
      <Field
        label={t('admin.fields.description')}
        name="description"
        multiline
        value={draft.description}
        onChange={(description) => set({ description })}
      />
      <Field
        label={t('admin.fields.preparation')}
        name="preparation"
        multiline
        value={draft.preparation}
        onChange={(preparation) => set({ preparation })}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('admin.diagnostics.create')}
        </button>
      </div>
    </Form>
  );
}

function CreateOffering(props: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const { locations } = useDirectoryChoices();
  const diagnostics = useQuery({
    queryKey: ['public', 'admin', 'diagnostics', 'choices'],
    queryFn: () => unwrap(api.GET('/api/v1/diagnostics', { params: { query: { limit: 100 } } })),
  });
  const blank = { diagnosticId: '', locationId: '', price: '', capacity: '1' };
  const [draft, setDraft] = useState(blank);
  const set = (change: Partial<typeof blank>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (create.error) create.reset();
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/diagnostic-locations', {
          body: { ...draft, capacity: Number(draft.capacity) },
        }),
      ),
    onSuccess: (created) => {
      setDraft(blank);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      props.onDone(
        t('admin.diagnostics.offered', {
          name: created.diagnostic.name,
          location: created.location.name,
        }),
      );
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(create.error);
  const currency = locations.data?.items.find((l) => l.id === draft.locationId)?.currency;
  return (
    <Form
      validationBehavior="aria"
      ref={form}
      className="form admin-form card"
      aria-labelledby="new-offering"
      validationErrors={errors}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-offering">{t('admin.diagnostics.newOffering')}</h2>
      {create.error ? <AdminError error={create.error} /> : null}
      <SelectField
        label={t('admin.fields.diagnostic')}
        name="diagnosticId"
        required
        value={draft.diagnosticId}
        onChange={(diagnosticId) => set({ diagnosticId })}
        error={errors.diagnosticId}
      >
        <option value="">{t('admin.choose')}</option>
        {diagnostics.data?.items.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('admin.fields.location')}
        name="locationId"
        required
        value={draft.locationId}
        onChange={(locationId) => set({ locationId })}
        error={errors.locationId}
      >
        <option value="">{t('admin.choose')}</option>
        {locations.data?.items.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <Field
        label={currency ? t('admin.fields.priceIn', { currency }) : t('admin.fields.price')}
        description={t('admin.fields.priceHint')}
        name="price"
        inputMode="decimal"
        isRequired
        value={draft.price}
        onChange={(price) => set({ price })}
      />
      <Field
        label={t('admin.fields.capacity')}
        name="capacity"
        type="number"
        isRequired
        value={draft.capacity}
        onChange={(capacity) => set({ capacity })}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('admin.diagnostics.offer')}
        </button>
      </div>
    </Form>
  );
}
