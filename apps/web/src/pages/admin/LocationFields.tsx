// The fields of a clinic, for creating and editing it: name, address, phone, its IANA time zone
// (every zone the browser knows) and its currency (ISO 4217, named in the user's language).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { SelectField } from './parts.js';

export interface LocationDraft {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
  currency: string;
}

export function LocationFields(props: {
  draft: LocationDraft;
  onChange: (draft: LocationDraft) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { draft } = props;
  const set = (change: Partial<LocationDraft>) => props.onChange({ ...draft, ...change });
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'currency' });
    return Intl.supportedValuesOf('currency').map((code) => ({
      code,
      name: names.of(code) ?? code,
    }));
  }, [locale]);
  return (
    <>
      <Field
        label={t('admin.fields.name')}
        name="name"
        isRequired
        maxLength={128}
        value={draft.name}
        onChange={(name) => set({ name })}
      />
      <Field
        label={t('admin.fields.address')}
        name="address"
        isRequired
        maxLength={256}
        value={draft.address}
        onChange={(address) => set({ address })}
      />
      <Field
        label={t('admin.fields.phone')}
        name="phone"
        type="tel"
        isRequired
        maxLength={32}
        value={draft.phone}
        onChange={(phone) => set({ phone })}
      />
      <SelectField
        label={t('admin.fields.timeZone')}
        name="timeZone"
        required
        value={draft.timeZone}
        onChange={(timeZone) => set({ timeZone })}
        error={props.errors.timeZone}
      >
        {(zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('admin.fields.currency')}
        name="currency"
        required
        value={draft.currency}
        onChange={(currency) => set({ currency })}
        error={props.errors.currency}
      >
        {currencies.map(({ code, name }) => (
          <option key={code} value={code}>
            {code} · {name}
          </option>
        ))}
      </SelectField>
    </>
  );
}
