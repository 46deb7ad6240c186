// The three states every data view has besides its content: loading (announced politely),
// failed (announced at once, with the server's request id to quote) and empty.
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, problemMessage } from '../api/problem.js';

export function Loading(props: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? t('common.loading')}
    </p>
  );
}

/** A failed call, in the words of `area`'s catalog where it has some for the problem's code. */
export function ErrorMessage(props: { error: unknown; retry?: () => void; area?: string }) {
  const { t } = useTranslation();
  const requestId = props.error instanceof ApiProblem ? props.error.problem.requestId : null;
  return (
    <div className="status error" role="alert">
      <p>{problemMessage(t, props.error, props.area)}</p>
      {requestId && requestId !== 'none' ? (
        <p className="muted small">{t('problems.reference', { requestId })}</p>
      ) : null}
      {props.retry ? (
        <button type="button" className="button secondary" onClick={props.retry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A confirmation after a write: announced, and focused so that Tab continues from it. */
export function Confirmation(props: { children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <p ref={ref} className="notice" role="status" tabIndex={-1}>
      {props.children}
    </p>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <p className="status empty">{props.children}</p>;
}

/** Loading, error or the content, for one TanStack query. */
export function QueryView<T>(props: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending)
    return <Loading {...(props.loadingLabel ? { label: props.loadingLabel } : {})} />;
  if (query.error || query.data === undefined)
    return <ErrorMessage error={query.error} retry={() => void query.refetch()} />;
  return <>{props.children(query.data)}</>;
}
