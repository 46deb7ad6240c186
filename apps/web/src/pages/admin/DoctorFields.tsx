// The fields of a doctor's profile, for creating and editing it: name, specialty and clinic
// (chosen from the active ones), price (in the clinic's currency), appointment length, photo URL
// and the free texts patients read: experience, certificates, services.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { SelectField } from './parts.js';

export interface DoctorDraft {
  fullName: string;
  specialtyId: string;
  locationId: string;
  price: string;
  appointmentMinutes: string;
  photoUrl: string;
  experience: string;
  certificates: string;
  services: string;
}

export const blankDoctor = (locationId = ''): DoctorDraft => ({
  fullName: '',
  specialtyId: '',
  locationId,
  price: '',
  appointmentMinutes: '30',
  photoUrl: '',
  experience: '',
  certificates: '',
  services: '',
});

/** The draft as the API's body: empty optional texts are left out (create) or cleared (edit). */
export function doctorBody(draft: DoctorDraft, clearEmpty: boolean) {
  const text = (value: string) => (value.trim() ? value : clearEmpty ? null : undefined);
  const body = {
    fullName: draft.fullName,
    specialtyId: draft.specialtyId,
    locationId: draft.locationId,
    price: draft.price,
    appointmentMinutes: Number(draft.appointmentMinutes),
    photoUrl: text(draft.photoUrl),
    experience: text(draft.experience),
    certificates: text(draft.certificates),
    services: text(draft.services),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as typeof body;
}

export function useDirectoryChoices() {
  const api = useApi();
  const specialties = useQuery({
    queryKey: ['public', 'admin', 'specialties', 'choices'],
    queryFn: () => unwrap(api.GET('/api/v1/specialties', { params: { query: { limit: 100 } } })),
  });
  const locations = useQuery({
    queryKey: ['public', 'admin', 'locations', 'choices'],
    queryFn: () => unwrap(api.GET('/api/v1/locations', { params: { query: { limit: 100 } } })),
  });
  return { specialties, locations };
}

export function DoctorFields(props: {
  draft: DoctorDraft;
  onChange: (draft: DoctorDraft) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { draft } = props;
  const set = (change: Partial<DoctorDraft>) => props.onChange({ ...draft, ...change });
  const { specialties, locations } = useDirectoryChoices();
  const currency = locations.data?.items.find((l) => l.id === draft.locationId)?.currency;
  return (
    <>
      <Field
        label={t('admin.fields.fullName')}
        name="fullName"
        isRequired
        maxLength={128}
        value={draft.fullName}
        onChange={(fullName) => set({ fullName })}
      />
      <SelectField
        label={t('admin.fields.specialty')}
        name="specialtyId"
        required
        value={draft.specialtyId}
        onChange={(specialtyId) => set({ specialtyId })}
        error={props.errors.specialtyId}
      >
        <option value="">{t('admin.choose')}</option>
        {specialties.data?.items.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('admin.fields.location')}
        name="locationId"
        required
        value={draft.locationId}
        onChange={(locationId) => set({ locationId })}
        error={props.errors.locationId}
      >
        <option value="">{t('admin.choose')}</option>
        {locations.data?.items.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <Field
        label={currency ? t('admin.fields.priceIn', { currency }) : t('admin.fields.price')}
        description={t('admin.fields.priceHint')}
        name="price"
        inputMode="decimal"
        isRequired
        maxLength={11}
        value={draft.price}
        onChange={(price) => set({ price })}
      />
      <Field
        label={t('admin.fields.appointmentMinutes')}
        name="appointmentMinutes"
        type="number"
        inputMode="numeric"
        isRequired
        value={draft.appointmentMinutes}
        onChange={(appointmentMinutes) => set({ appointmentMinutes })}
      />
      <Field
        label={t('admin.fields.photoUrl')}
        name="photoUrl"
        type="url"
        maxLength={256}
        value={draft.photoUrl}
        onChange={(photoUrl) => set({ photoUrl })}
      />
      <Field
        label={t('admin.fields.experience')}
        name="experience"
        multiline
        value={draft.experience}
        onChange={(experience) => set({ experience })}
      />
      <Field
        label={t('admin.fields.certificates')}
        name="certificates"
        multiline
        value={draft.certificates}
        onChange={(certificates) => set({ certificates })}
      />
      <Field
        label={t('admin.fields.services')}
        name="services"
        multiline
        value={draft.services}
        onChange={(services) => set({ services })}
      />
    </>
  );
}
