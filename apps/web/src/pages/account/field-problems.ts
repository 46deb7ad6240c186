// A 422 (or 400) problem's field errors as texts for the form's fields, keyed by field name, so
// that each message is shown with its field. The server's messages are English; the codes this
// area meets get the catalog's words instead.
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem.js';

/** The last step of a JSON Pointer into the body: `/body/password` → `password`. */
export function fieldOf(path: string): string {
  const steps = path.split('/').filter(Boolean);
  return steps[steps.length - 1] ?? '';
}

/** The catalog key for one field error of a problem, or null to use the server's words. */
export function fieldMessageKey(code: string, message: string): string | null {
  if (code === 'weak-password') {
    if (/at least/.test(message)) return 'account.problems.passwordTooShort';
    if (/at most/.test(message)) return 'account.problems.passwordTooLong';
    return 'account.problems.passwordTooEasy';
  }
  if (code === 'invalid-date-of-birth') return 'account.problems.invalidDateOfBirth';
  if (code === 'wrong-password' || code === 'invalid-current-password')
    return 'account.problems.wrongPassword';
  if (code === 'invalid-reset-token') return 'account.problems.invalidResetToken';
  if (code === 'validation-failed') return 'account.problems.invalidField';
  return null;
}

export function fieldProblems(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem) || (error.status !== 422 && error.status !== 400)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    const field = fieldOf(e.path);
    if (!field || out[field]) continue;
    const key = fieldMessageKey(error.code, e.message);
    out[field] = key ? t(key) : e.message;
  }
  return out;
}

/** Whether the problem is told on the fields (then the form need not repeat it at the top). */
export function hasFieldProblems(error: unknown): boolean {
  return (
    error instanceof ApiProblem &&
    (error.status === 422 || error.status === 400) &&
    (error.problem.errors?.length ?? 0) > 0
  );
}

/**
 * The form's `validationErrors` for a mutation's error: one object per error, so that the form
 * clears a field's server message once the user edits that field (a new object every render
 * would put it back and keep the form from being sent again).
 */
export function useFieldProblems(error: unknown): Record<string, string> {
  const { t } = useTranslation();
  return useMemo(() => fieldProblems(t, error), [t, error]);
}
