// /admin: the directory's start, its specialties. Create, rename, deactivate or delete one; a
// name already taken (409) or an invalid one (400/422) is shown on the field, and a specialty
// doctors still belong to cannot be deleted (409 still-referenced): the message says so.
import type { SpecialtyView } from '@medsync/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import './admin.css';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import {
  ActiveBadge,
  AdminError,
  Confirmation,
  ConfirmDelete,
  DirectoryNav,
  LoadMore,
} from './parts.js';

export default function SpecialtiesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useInfiniteQuery({
    queryKey: ['public', 'admin', 'specialties', 'admin'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/specialties', {
          params: {
            query: { status: 'all', limit: 100, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const [done, setDone] = useState<{ n: number; text: string } | null>(null);
  const confirm = (text: string) => setDone((d) => ({ n: (d?.n ?? 0) + 1, text }));
  return (
    <Page title={t('admin.directoryTitle')}>
      <DirectoryNav />
      <h2>{t('admin.specialties.title')}</h2>
      {done ? <Confirmation key={done.n}>{done.text}</Confirmation> : null}
      <CreateSpecialty onDone={confirm} />
      <h3>{t('admin.specialties.list')}</h3>
      <QueryView query={{ ...list, data: list.data?.pages.flatMap((p) => p.items) }}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('admin.specialties.empty')}</Empty>
          ) : (
            <>
              <ul className="list">
                {items.map((s) => (
                  <SpecialtyRow key={s.id} specialty={s} onDone={confirm} />
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

function CreateSpecialty(props: { onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/specialties', {
          body: { name, ...(description ? { description } : {}) },
        }),
      ),
    onSuccess: (created) => {
      setName('');
      setDescription('');
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      props.onDone(t('admin.specialties.created', { name: created.name }));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const createErrors = useFieldErrors(create.error);
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
      validationErrors={createErrors}
      aria-labelledby="new-specialty"
    >
      <h3 id="new-specialty">{t('admin.specialties.new')}</h3>
      {create.error ? <AdminError error={create.error} /> : null}
      <Field
        label={t('admin.fields.name')}
        name="name"
        isRequired
        value={name}
        onChange={clearing(create, setName)}
        maxLength={100}
      />
      <Field
        label={t('admin.fields.description')}
        name="description"
        multiline
        value={description}
        onChange={clearing(create, setDescription)}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('admin.specialties.create')}
        </button>
      </div>
    </Form>
  );
}

function SpecialtyRow(props: { specialty: SpecialtyView; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { specialty } = props;
  const form = useRef<HTMLFormElement>(null);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [name, setName] = useState(specialty.name);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['public'] });
  const update = useMutation({
    mutationFn: (body: { name?: string; active?: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/specialties/{id}', { params: { path: { id: specialty.id } }, body }),
      ),
    onSuccess: (saved) => {
      setEditing(false);
      void refresh();
      props.onDone(t('admin.specialties.saved', { name: saved.name }));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const updateErrors = useFieldErrors(update.error);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/specialties/{id}', { params: { path: { id: specialty.id } } })),
    onSuccess: () => {
      void refresh();
      props.onDone(t('admin.specialties.deleted', { name: specialty.name }));
    },
    onSettled: () => setConfirmDelete(false),
  });
  const error = update.error ?? remove.error;
  return (
    <li className="card">
      <div className="row-head">
        <h4>{specialty.name}</h4>
        <ActiveBadge active={specialty.active} />
      </div>
      {specialty.description ? <p className="muted small">{specialty.description}</p> : null}
      {error && !(editing && update.error) ? <AdminError error={error} /> : null}
      {editing ? (
        <Form
          validationBehavior="aria"
          ref={form}
          className="form admin-form"
          validationErrors={updateErrors}
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate({ name });
          }}
        >
          {update.error ? <AdminError error={update.error} /> : null}
          <Field
            label={t('admin.specialties.newName', { name: specialty.name })}
            name="name"
            isRequired
            autoFocus
            value={name}
            onChange={clearing(update, setName)}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={update.isPending}>
              {t('common.save')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setEditing(false);
                update.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </Form>
      ) : confirmDelete ? (
        <ConfirmDelete
          question={t('admin.confirmDeleteNamed', { name: specialty.name })}
          onConfirm={() => remove.mutate()}
          onCancel={() => setConfirmDelete(false)}
        />
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button secondary"
            aria-label={t('admin.renameNamed', { name: specialty.name })}
            onClick={() => {
              setName(specialty.name);
              setEditing(true);
            }}
          >
            {t('admin.rename')}
          </button>
          <button
            type="button"
            className="button secondary"
            aria-label={t(specialty.active ? 'admin.deactivateNamed' : 'admin.activateNamed', {
              name: specialty.name,
            })}
            onClick={() => update.mutate({ active: !specialty.active })}
          >
            {specialty.active ? t('admin.deactivate') : t('admin.activate')}
          </button>
          <button
            type="button"
            className="button secondary"
            aria-label={t('admin.deleteNamed', { name: specialty.name })}
            onClick={() => {
              remove.reset();
              setConfirmDelete(true);
            }}
          >
            {t('admin.delete')}
          </button>
        </div>
      )}
    </li>
  );
}
