// The patient's own profile: view and correct it (PATCH /patients/{id}, only the changed fields),
// and change the password, which ends every session: the user is signed out and told so.
import type { PatientView } from '@medsync/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe, useSessionStore } from '../../auth/session.js';
import { formatPlainDate } from '../../lib/format.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading } from '../../ui/Status.js';
import { hasFieldProblems } from './field-problems.js';
import { ProblemForm } from './ProblemForm.js';
import { SexField } from './RegisterPage.js';
import { passwordRule, type Sex, today } from './rules.js';
import './account.css';
import { useLocale } from '../../lib/locale.js';

export default function ProfilePage() {
  const { t } = useTranslation();
  const { me, loading } = useMe();
  return (
    <Page title={t('account.profile.title')}>
      {loading ? (
        <Loading />
      ) : me?.patient ? (
        <>
          <ProfileSection patient={me.patient} />
          <PasswordSection />
        </>
      ) : (
        <Empty>{t('account.profile.none')}</Empty>
      )}
    </Page>
  );
}

type ProfileChanges = Partial<
  Pick<PatientView, 'fullName' | 'dateOfBirth' | 'sex' | 'phone' | 'email'>
>;

function ProfileSection(props: { patient: PatientView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { patient } = props;
  const [editing, setEditing] = useState(false);
  const [fullName, setFullName] = useState(patient.fullName);
  const [dateOfBirth, setDateOfBirth] = useState(patient.dateOfBirth);
  const [sex, setSex] = useState<Sex | ''>(patient.sex);
  const [phone, setPhone] = useState(patient.phone ?? '');
  const [email, setEmail] = useState(patient.email ?? '');
  const editButton = useRef<HTMLButtonElement>(null);
  const save = useMutation({
    mutationFn: (changes: ProfileChanges) =>
      unwrap(
        api.PATCH('/api/v1/patients/{id}', { params: { path: { id: patient.id } }, body: changes }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      setEditing(false);
      requestAnimationFrame(() => editButton.current?.focus());
    },
  });
  const start = () => {
    setFullName(patient.fullName);
    setDateOfBirth(patient.dateOfBirth);
    setSex(patient.sex);
    setPhone(patient.phone ?? '');
    setEmail(patient.email ?? '');
    save.reset();
    setEditing(true);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: ProfileChanges = {};
    if (fullName.trim() !== patient.fullName) changes.fullName = fullName.trim();
    if (dateOfBirth !== patient.dateOfBirth) changes.dateOfBirth = dateOfBirth;
    if (sex && sex !== patient.sex) changes.sex = sex;
    const newPhone = phone.trim() || null;
    if (newPhone !== patient.phone) changes.phone = newPhone;
    const newEmail = email.trim() || null;
    if (newEmail !== patient.email) changes.email = newEmail;
    if (Object.keys(changes).length === 0) {
      setEditing(false);
      return;
    }
    save.mutate(changes);
  };
  return (
    <section aria-labelledby="profile-heading" className="account-section">
      <h2 id="profile-heading">{t('account.profile.details')}</h2>
      {editing ? (
        <ProblemForm
          error={save.error}
          onEdit={save.reset}
          className="form narrow"
          onSubmit={submit}
        >
          {save.error && !hasFieldProblems(save.error) ? <ErrorMessage error={save.error} /> : null}
          <Field
            label={t('account.fullName')}
            name="fullName"
            autoComplete="name"
            isRequired
            value={fullName}
            onChange={setFullName}
            autoFocus
          />
          <Field
            label={t('account.dateOfBirth')}
            name="dateOfBirth"
            type="date"
            autoComplete="bday"
            isRequired
            value={dateOfBirth}
            onChange={setDateOfBirth}
            validate={(value) => (value && value > today() ? t('account.dateInFuture') : null)}
          />
          <SexField value={sex} onChange={setSex} />
          <Field
            label={t('account.contactEmail')}
            description={t('account.contactEmailHint')}
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
          />
          <Field
            label={t('account.phoneOptional')}
            name="phone"
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={setPhone}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? t('account.profile.saving') : t('common.save')}
            </button>
            <button type="button" className="button secondary" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </ProblemForm>
      ) : (
        <>
          <dl className="details">
            <dt>{t('account.fullName')}</dt>
            <dd>{patient.fullName}</dd>
            <dt>{t('account.dateOfBirth')}</dt>
            <dd>{formatPlainDate(patient.dateOfBirth, locale, 'full')}</dd>
            <dt>{t('account.sex')}</dt>
            <dd>{t(`account.sexes.${patient.sex}`)}</dd>
            <dt>{t('account.contactEmail')}</dt>
            <dd>{patient.email ?? t('common.none')}</dd>
            <dt>{t('account.phone')}</dt>
            <dd>{patient.phone ?? t('common.none')}</dd>
          </dl>
          <p role="status">{save.isSuccess ? t('account.profile.saved') : null}</p>
          <button type="button" className="button secondary" onClick={start} ref={editButton}>
            {t('account.profile.edit')}
          </button>
        </>
      )}
    </section>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const api = useApi();
  const store = useSessionStore();
  const [, navigate] = useLocation();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: current, newPassword: password },
        }),
      ),
    onSuccess: () => {
      // The server has ended every session, this one too: say so where no sign-in is needed.
      navigate('/password-changed', { replace: true });
      void store.signOut().catch(() => undefined);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <section aria-labelledby="password-heading" className="account-section">
      <h2 id="password-heading">{t('account.password.title')}</h2>
      <p className="muted">{t('account.password.lead')}</p>
      <ProblemForm
        error={change.error}
        onEdit={change.reset}
        className="form narrow"
        onSubmit={submit}
      >
        {change.error && !hasFieldProblems(change.error) ? (
          <ErrorMessage error={change.error} />
        ) : null}
        <Field
          label={t('account.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          isRequired
          value={current}
          onChange={setCurrent}
        />
        <Field
          label={t('account.newPassword')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          description={t('account.passwordRules')}
          isRequired
          value={password}
          onChange={setPassword}
          validate={(value) => passwordRule(t, value)}
        />
        <Field
          label={t('account.repeatPassword')}
          name="repeatPassword"
          type="password"
          autoComplete="new-password"
          isRequired
          value={repeat}
          onChange={setRepeat}
          validate={(value) => (value && value !== password ? t('account.passwordsDiffer') : null)}
        />
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? t('account.password.submitting') : t('account.password.submit')}
        </button>
      </ProblemForm>
    </section>
  );
}
