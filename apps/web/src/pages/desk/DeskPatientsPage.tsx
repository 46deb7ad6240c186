// Patients at the desk: find one who is registered, or register a walk-in, then book for them
// (the booking search takes the patient's id: `/find?forPatient=<id>`).
import type { PatientView } from '@medsync/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import { PatientFinder } from './PatientFinder.js';
import { DeskError, LocationPicker, useStaffLocations } from './shared.js';
import './desk.css';

const SEXES = ['female', 'male', 'other', 'unknown'] as const;

function BookLink(props: { patientId: string; name: string }) {
  const { t } = useTranslation();
  return (
    <Link
      href={`/find?forPatient=${props.patientId}`}
      className="button"
      aria-label={t('desk.patients.bookFor', { name: props.name })}
    >
      {t('desk.patients.book')}
    </Link>
  );
}

export default function DeskPatientsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('desk.patients.title')}>
      <PatientFinder
        headingId="desk-find-patient"
        actions={(patient) => <BookLink patientId={patient.id} name={patient.fullName} />}
      />
      <RegisterWalkIn />
    </Page>
  );
}

function RegisterWalkIn() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { locations, isPending, error } = useStaffLocations();
  const [fullName, setFullName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [sex, setSex] = useState<(typeof SEXES)[number]>('unknown');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [locationId, setLocationId] = useState('');
  const [created, setCreated] = useState<PatientView | null>(null);
  const confirmation = useRef<HTMLDivElement>(null);
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/patients', {
          body: {
            fullName: fullName.trim(),
            dateOfBirth,
            sex,
            locationId: locationId || (locations[0]?.id ?? ''),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
            ...(email.trim() ? { email: email.trim() } : {}),
          },
        }),
      ),
    onSuccess: (patient) => {
      setCreated(patient);
      setFullName('');
      setDateOfBirth('');
      setSex('unknown');
      setPhone('');
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: ['desk', 'patients'] });
    },
  });
  useEffect(() => {
    if (created) confirmation.current?.focus();
  }, [created]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    register.mutate();
  };
  return (
    <section aria-labelledby="desk-register" className="desk-register">
      <h2 id="desk-register">{t('desk.patients.registerTitle')}</h2>
      {created ? (
        <div className="notice" role="status" tabIndex={-1} ref={confirmation}>
          <p>{t('desk.patients.registered', { name: created.fullName })}</p>
          <BookLink patientId={created.id} name={created.fullName} />
        </div>
      ) : null}
      {isPending ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : locations.length === 0 ? (
        <Empty>{t('desk.noLocations')}</Empty>
      ) : (
        <Form className="form narrow" onSubmit={submit}>
          {register.error ? <DeskError error={register.error} /> : null}
          <LocationPicker
            locations={locations}
            value={locationId || (locations[0]?.id ?? '')}
            onChange={setLocationId}
          />
          <Field
            label={t('desk.patients.fullName')}
            name="fullName"
            autoComplete="off"
            isRequired
            maxLength={128}
            value={fullName}
            onChange={setFullName}
          />
          <Field
            label={t('desk.patients.dateOfBirth')}
            name="dateOfBirth"
            type="date"
            isRequired
            value={dateOfBirth}
            onChange={setDateOfBirth}
          />
          <label className="field">
            <span>{t('desk.patients.sex')}</span>
            <select
              value={sex}
              onChange={(event) => setSex(event.target.value as (typeof SEXES)[number])}
            >
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`desk.sex.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <Field
            label={t('desk.patients.phone')}
            description={t('desk.patients.optional')}
            name="phone"
            type="tel"
            autoComplete="off"
            value={phone}
            onChange={setPhone}
          />
          <Field
            label={t('desk.patients.email')}
            description={t('desk.patients.optional')}
            name="email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={setEmail}
          />
          <button type="submit" className="button" disabled={register.isPending}>
            {register.isPending ? t('desk.patients.registering') : t('desk.patients.register')}
          </button>
        </Form>
      )}
    </section>
  );
}
