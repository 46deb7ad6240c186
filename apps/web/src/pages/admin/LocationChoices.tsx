// The clinics a staff account works at: one checkbox per active clinic, in a group with its
// legend and the server's error for the list.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectoryChoices } from './DoctorFields.js';

export function LocationChoices(props: {
  legend: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { locations } = useDirectoryChoices();
  const toggle = (locationId: string, on: boolean) =>
    props.onChange(on ? [...props.value, locationId] : props.value.filter((v) => v !== locationId));
  return (
    <fieldset
      className="location-choices"
      aria-invalid={props.error ? true : undefined}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {locations.isPending ? <p className="muted small">{t('common.loading')}</p> : null}
      {locations.data?.items.map((l) => (
        <label key={l.id} className="checkbox">
          <input
            type="checkbox"
            checked={props.value.includes(l.id)}
            aria-invalid={props.error ? true : undefined}
            onChange={(event) => toggle(l.id, event.target.checked)}
          />
          {l.name}
        </label>
      ))}
      {props.error ? (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      ) : null}
    </fieldset>
  );
}
