// A refused form: the problem's field errors (`/body/medication/name`) keyed by the form's field
// names (`medication/name`), as react-aria's <Form validationErrors> wants them, and whatever
// names no field of the form for the message above it.
import { ApiProblem } from '../../api/problem.js';

export interface FormErrors {
  /** Field name → the server's message for it. */
  fields: Record<string, string>;
  /** Whether the problem named no field this form has (show the problem itself). */
  unmatched: boolean;
}

export function formErrorsOf(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(error instanceof ApiProblem)) return { fields: {}, unmatched: error != null };
  const fields: Record<string, string> = {};
  let unmatched = false;
  for (const { path, message } of error.problem.errors ?? []) {
    const name = path.replace(/^\/body\/?/, '');
    if (fieldNames.includes(name)) fields[name] ??= message;
    else unmatched = true;
  }
  return { fields, unmatched: unmatched || Object.keys(fields).length === 0 };
}
