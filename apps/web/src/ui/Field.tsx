// Form fields on react-aria-components: a visible label tied to its input, a description, and
// the error (the browser's or the server's) announced with the field.
import {
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  TextField,
  type TextFieldProps,
} from 'react-aria-components';

interface FieldProps extends Omit<TextFieldProps, 'children'> {
  label: string;
  description?: string;
  multiline?: boolean;
  placeholder?: string;
}

export function Field({ label, description, multiline, placeholder, ...rest }: FieldProps) {
  return (
    <TextField className="field" {...rest}>
      <Label>{label}</Label>
      {multiline ? <TextArea placeholder={placeholder} /> : <Input placeholder={placeholder} />}
      {description ? (
        <Text slot="description" className="muted small">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error" />
    </TextField>
  );
}
