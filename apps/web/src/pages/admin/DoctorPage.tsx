// /admin/doctors/:id: one doctor's profile (edit, deactivate) and weekly hours. Without hours of
// their own a doctor works their clinic's; saving an empty week returns them to those.
import type { DoctorHoursView, DoctorView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { QueryView } from '../../ui/Status.js';
import './admin.css';
import { useLocale } from '../../lib/locale.js';
import { type DoctorDraft, DoctorFields, doctorBody } from './DoctorFields.js';
import { clearing, focusFirstInvalid, useFieldErrors } from './form-problems.js';
import { AdminError, Confirmation, DirectoryNav } from './parts.js';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.js';
import { emptyWeek, intervalsOf, weekOf } from './weekly-hours.js';

export default function DoctorPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams<{ id: string }>();
  const created = new URLSearchParams(useSearch()).has('created');
  const doctor = useQuery({
    queryKey: ['public', 'admin', 'doctor', id],
    queryFn: () => unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id } } })),
  });
  const hours = useQuery({
    queryKey: ['public', 'admin', 'doctor-hours', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/doctors/{id}/working-hours', { params: { path: { id } } })),
  });
  return (
    <Page title={doctor.data?.fullName ?? t('admin.doctors.one')}>
      <DirectoryNav />
      <p>
        <Link href="/admin/doctors">{t('admin.doctors.back')}</Link>
      </p>
      {created && doctor.data ? (
        <Confirmation>{t('admin.doctors.created', { name: doctor.data.fullName })}</Confirmation>
      ) : null}
      <QueryView query={doctor}>
        {(data) => (
          <>
            <QueryView query={hours}>
              {(h) => <DoctorHours key={h.locationId} doctor={data} hours={h} />}
            </QueryView>
            <DoctorDetails doctor={data} />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function draftOf(doctor: DoctorView): DoctorDraft {
  return {
    fullName: doctor.fullName,
    specialtyId: doctor.specialty.id,
    locationId: doctor.location.id,
    price: doctor.price,
    appointmentMinutes: String(doctor.appointmentMinutes),
    photoUrl: doctor.photoUrl?.startsWith('http') ? doctor.photoUrl : '',
    experience: doctor.experience ?? '',
    certificates: doctor.certificates ?? '',
    services: doctor.services ?? '',
  };
}

function useSaved() {
  const [saved, setSaved] = useState<{ n: number; text: string } | null>(null);
  return [saved, (text: string) => setSaved((s) => ({ n: (s?.n ?? 0) + 1, text }))] as const;
}

function DoctorHours(props: { doctor: DoctorView; hours: DoctorHoursView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { doctor, hours } = props;
  const form = useRef<HTMLFormElement>(null);
  const [week, setWeek] = useState(() => weekOf(hours.workingHours));
  const [saved, confirm] = useSaved();
  const save = useMutation({
    mutationFn: (workingHours: ReturnType<typeof intervalsOf>) =>
      unwrap(
        api.PUT('/api/v1/doctors/{id}/working-hours', {
          params: { path: { id: doctor.id } },
          body: { workingHours },
        }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(['public', 'admin', 'doctor-hours', doctor.id], result);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      setWeek(weekOf(result.workingHours));
      confirm(result.locationDefault ? t('admin.doctors.hoursDefaulted') : t('admin.hours.saved'));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const saveErrors = useFieldErrors(save.error);
  return (
    <section aria-labelledby="doctor-hours">
      <h2 id="doctor-hours">{t('admin.doctors.hours')}</h2>
      {saved ? <Confirmation key={saved.n}>{saved.text}</Confirmation> : null}
      <p className="muted">
        {hours.locationDefault ? t('admin.doctors.usesClinicHours') : t('admin.doctors.ownHours')}
      </p>
      <form
        ref={form}
        className="form admin-form card"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(intervalsOf(week));
        }}
      >
        {save.error ? <AdminError error={save.error} /> : null}
        <WeeklyHoursEditor
          legend={t('admin.hours.weekly')}
          zoneLabel={`${hours.timeZone} (${zoneName(hours.timeZone, locale)})`}
          week={week}
          onChange={clearing(save, setWeek)}
          errors={saveErrors}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('admin.hours.save')}
          </button>
          {hours.locationDefault ? null : (
            <button
              type="button"
              className="button secondary"
              disabled={save.isPending}
              onClick={() => {
                setWeek(emptyWeek());
                save.mutate([]);
              }}
            >
              {t('admin.doctors.useClinicHours')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function DoctorDetails(props: { doctor: DoctorView }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { doctor } = props;
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(() => draftOf(doctor));
  const [saved, confirm] = useSaved();
  const update = useMutation({
    mutationFn: (body: ReturnType<typeof doctorBody> | { active: boolean }) =>
      unwrap(api.PATCH('/api/v1/doctors/{id}', { params: { path: { id: doctor.id } }, body })),
    onSuccess: (result) => {
      queryClient.setQueryData(['public', 'admin', 'doctor', doctor.id], result);
      void queryClient.invalidateQueries({ queryKey: ['public'] });
      confirm(t('admin.doctors.saved', { name: result.fullName }));
    },
    onError: () => focusFirstInvalid(form.current),
  });
  const errors = useFieldErrors(update.error);
  return (
    <section aria-labelledby="doctor-details">
      <h2 id="doctor-details">{t('admin.doctors.details')}</h2>
      {saved ? <Confirmation key={saved.n}>{saved.text}</Confirmation> : null}
      <Form
        validationBehavior="aria"
        ref={form}
        className="form admin-form card"
        validationErrors={errors}
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate(doctorBody(draft, true));
        }}
      >
        {update.error ? <AdminError error={update.error} /> : null}
        <DoctorFields draft={draft} onChange={clearing(update, setDraft)} errors={errors} />
        <div className="button-row">
          <button type="submit" className="button" disabled={update.isPending}>
            {t('common.save')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ active: !doctor.active })}
          >
            {doctor.active ? t('admin.doctors.deactivate') : t('admin.doctors.activate')}
          </button>
        </div>
        <p className="muted small">
          {doctor.active ? t('admin.doctors.isActive') : t('admin.doctors.isInactive')}
        </p>
      </Form>
    </section>
  );
}
