// A failed form submission, read for the form: which fields the server named (422 and 400
// problems carry `errors[].path`, JSON Pointers into the body) and the text to show on each.
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem.js';

/** The body fields a problem names, keyed by pointer without `/body/`: `name`, `workingHours/2`. */
export function problemFields(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const fields: Record<string, string> = {};
  for (const { path, message } of error.problem.errors ?? []) {
    if (!path.startsWith('/body/')) continue;
    const field = path.slice('/body/'.length);
    if (field && !(field in fields)) fields[field] = message;
  }
  return fields;
}

/** The server's message for a field, said in the user's language by the problem's code. */
export function fieldMessage(t: TFunction, error: unknown, message: string): string {
  const code = error instanceof ApiProblem ? error.code : '';
  if (message === 'is required') return t('admin.form.required');
  return t(`admin.fieldProblems.${code}`, { defaultValue: t('admin.form.invalid') });
}

// Conflicts that name no field but are about one.
const CODE_FIELDS: Record<string, string> = { 'email-taken': 'email', 'doctor-linked': 'doctorId' };

/** Field name → translated message, for react-aria's `validationErrors` and our own fields. */
export function translatedFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const fields = problemFields(error);
  const implied = error instanceof ApiProblem ? CODE_FIELDS[error.code] : undefined;
  if (implied && Object.keys(fields).length === 0) fields[implied] = '';
  return Object.fromEntries(
    Object.entries(fields).map(([field, message]) => [field, fieldMessage(t, error, message)]),
  );
}

/**
 * The field errors of a mutation's error, the same object until the error changes: react-aria's
 * Form takes a new object as new server errors and would show them again after the user's edit.
 */
export function useFieldErrors(error: unknown): Record<string, string> {
  const { t } = useTranslation();
  return useMemo(() => translatedFieldErrors(t, error), [t, error]);
}

/** Moves the focus to the form's first invalid field, once React has rendered the errors. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] input');
    invalid?.focus();
  });
}

/**
 * A form's setter that also drops the last refusal: its messages go while the user types, so
 * that nothing moves under the pointer when they press the button again.
 */
export function clearing<T>(
  mutation: { error: unknown; reset: () => void },
  set: (value: T) => void,
) {
  return (value: T) => {
    set(value);
    if (mutation.error) mutation.reset();
  };
}
