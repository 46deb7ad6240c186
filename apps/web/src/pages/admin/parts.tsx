// Pieces the admin pages share: the directory's own navigation, a labelled <select> with its
// server error, a polite confirmation that takes the focus, and "load more" for cursor pages.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ErrorMessage } from '../../ui/Status.js';

const SECTIONS = [
  ['/admin', 'admin.sections.specialties'],
  ['/admin/locations', 'admin.sections.locations'],
  ['/admin/doctors', 'admin.sections.doctors'],
  ['/admin/diagnostics', 'admin.sections.diagnostics'],
] as const;

export function DirectoryNav() {
  const { t } = useTranslation();
  const [location] = useLocation();
  return (
    <nav aria-label={t('admin.sections.label')} className="admin-sections">
      <ul>
        {SECTIONS.map(([path, key]) => {
          const current = path === '/admin' ? location === path : location.startsWith(path);
          return (
            <li key={path}>
              <Link href={path} aria-current={current ? 'page' : undefined}>
                {t(key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function SelectField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.children}
      </select>
      {props.error ? (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export { Confirmation } from '../../ui/Status.js';

export function LoadMore(props: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  const { t } = useTranslation();
  if (!props.hasNextPage) return null;
  return (
    <p>
      <button
        type="button"
        className="button secondary"
        disabled={props.isFetchingNextPage}
        onClick={() => void props.fetchNextPage()}
      >
        {props.isFetchingNextPage ? t('common.loading') : t('admin.loadMore')}
      </button>
    </p>
  );
}

/** "Active" or "Inactive" in words, not colour alone. */
export function ActiveBadge(props: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={props.active ? 'badge ok' : 'badge warning'}>
      {props.active ? t('admin.active') : t('admin.inactive')}
    </span>
  );
}

/** A failed call, in the admin area's words where it has them (a 409's reason, a 422's). */
export function AdminError(props: { error: unknown }) {
  return <ErrorMessage error={props.error} area="admin" />;
}

/** "Delete X for good?" with the confirming button focused, and a way back. */
export function ConfirmDelete(props: {
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  return (
    <fieldset className="confirm-delete">
      <legend className="warning">{props.question}</legend>
      <div className="button-row">
        <button ref={confirm} type="button" className="button danger" onClick={props.onConfirm}>
          {t('admin.deleteConfirm')}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
