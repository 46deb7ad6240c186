// The doctor area's messages: problems in the area's own words where it has them (else the
// shared ones), and confirmations that take the focus so that a screen reader reads them out.
import type { TFunction } from 'i18next';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, problemMessage } from '../../api/problem.js';

/** The text for a problem: `doctor.problems.<code>`, else the shared catalog's, else the detail. */
export function doctorProblemMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiProblem) {
    const text = t(`doctor.problems.${error.code}`, { defaultValue: '' });
    if (text) return text;
  }
  return problemMessage(t, error);
}

export function ProblemAlert(props: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const requestId = props.error instanceof ApiProblem ? props.error.problem.requestId : null;
  return (
    <div className="status error" role="alert">
      <p>{doctorProblemMessage(t, props.error)}</p>
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

/** A confirmation after a write: announced and focused, so the user knows it happened. */
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
