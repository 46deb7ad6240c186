// A form whose server-side problems are shown on their fields (RFC 9457 `errors`), and cleared
// as soon as the user edits anything, so that the corrected form can be sent again.
import type { ReactNode } from 'react';
import { Form, type FormProps } from 'react-aria-components';
import { useFieldProblems } from './field-problems.js';

export function ProblemForm(
  props: Omit<FormProps, 'validationErrors'> & {
    error: unknown;
    onEdit: () => void;
    children: ReactNode;
  },
) {
  const { error, onEdit, children, ...rest } = props;
  const validationErrors = useFieldProblems(error);
  return (
    // The input events of every field bubble here; the form's own element does not take them.
    <div
      onInput={() => {
        if (error) onEdit();
      }}
    >
      <Form {...rest} validationErrors={validationErrors}>
        {children}
      </Form>
    </div>
  );
}
