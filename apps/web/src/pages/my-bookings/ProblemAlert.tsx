// A problem told in this area's words when its catalog has a text for the code
// (`<area>.problems.<code>`), else as the shared ErrorMessage tells it.
import { ErrorMessage } from '../../ui/Status.js';

export function ProblemAlert(props: { error: unknown; area: string }) {
  return <ErrorMessage error={props.error} area={props.area} />;
}
