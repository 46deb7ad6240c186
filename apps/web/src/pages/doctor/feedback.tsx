// The doctor area's messages: problems in the area's own words where its catalog has them
// (`doctor.problems.<code>`), and the shared confirmation that takes the focus.
import type { TFunction } from 'i18next';
import { problemMessage } from '../../api/problem.js';
import { ErrorMessage } from '../../ui/Status.js';

export { Confirmation } from '../../ui/Status.js';

export function doctorProblemMessage(t: TFunction, error: unknown): string {
  return problemMessage(t, error, 'doctor');
}

export function ProblemAlert(props: { error: unknown; retry?: () => void }) {
  return <ErrorMessage {...props} area="doctor" />;
}
