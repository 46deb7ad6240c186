// Shown to front-desk staff booking for a walk-in: whom the booking will be for.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';

export function ForPatientBanner(props: { patientId: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const { me } = useMe();
  const staff = me?.role === 'staff';
  const patient = useQuery({
    queryKey: ['patient', props.patientId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/patients/{id}', { params: { path: { id: props.patientId ?? '' } } })),
    enabled: staff && props.patientId !== null,
  });
  if (!staff || !props.patientId) return null;
  return (
    <p className="notice for-patient">
      {patient.data
        ? t('care.forPatient', { name: patient.data.fullName })
        : t('care.forPatientUnnamed')}
    </p>
  );
}
