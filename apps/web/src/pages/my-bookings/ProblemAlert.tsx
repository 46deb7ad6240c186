// A problem told in this area's words when its catalog has a text for the code
// (`<area>.problems.<code>`), else as the shared ErrorMessage tells it.
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem.js';
import { ErrorMessage } from '../../ui/Status.js';

export function ProblemAlert(props: { error: unknown; area: string }) {
  const { t, i18n } = useTranslation();
  const code = props.error instanceof ApiProblem ? props.error.code : null;
  const key = code ? `${props.area}.problems.${code}` : null;
  if (!key || !i18n.exists(key)) return <ErrorMessage error={props.error} />;
  return (
    <div className="status error" role="alert">
      <p>{t(key)}</p>
    </div>
  );
}
