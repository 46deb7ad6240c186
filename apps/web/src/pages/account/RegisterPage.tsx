// A new patient registers: name, date of birth, sex, e-mail, phone and a password. The server
// answers the same whether or not the address already had an account (so that nobody can find out
// who is a patient here); the confirmation says so honestly and offers sign-in and reset.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage } from '../../ui/Status.js';
import { hasFieldProblems } from './field-problems.js';
import { ProblemForm } from './ProblemForm.js';
import { passwordRule, SEXES, type Sex, today } from './rules.js';
import './account.css';

export default function RegisterPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [fullName, setFullName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [sex, setSex] = useState<Sex | ''>('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/register', {
          body: {
            fullName: fullName.trim(),
            dateOfBirth,
            sex: sex || 'unknown',
            email: email.trim(),
            password,
            ...(phone.trim() ? { phone: phone.trim() } : {}),
          },
        }),
      ),
  });
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (register.isSuccess) done.current?.focus();
  }, [register.isSuccess]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  if (register.isSuccess) {
    return (
      <Page title={t('account.register.title')}>
        <div className="notice" role="status" tabIndex={-1} ref={done}>
          <p>
            <strong>{t('account.register.doneTitle')}</strong>
          </p>
          <p>{t('account.register.doneNew')}</p>
          <p>{t('account.register.doneExisting')}</p>
        </div>
        <p className="button-row">
          <Link href="/sign-in" className="button">
            {t('auth.signIn')}
          </Link>
          <Link href="/forgot-password" className="button secondary">
            {t('auth.forgotPassword')}
          </Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('account.register.title')}>
      <p className="lead">{t('account.register.lead')}</p>
      <ProblemForm
        error={register.error}
        onEdit={register.reset}
        className="form narrow"
        onSubmit={submit}
      >
        {register.error && !hasFieldProblems(register.error) ? (
          <ErrorMessage error={register.error} />
        ) : null}
        {hasFieldProblems(register.error) ? (
          <p className="status error" role="alert">
            {t('account.fixFields')}
          </p>
        ) : null}
        <Field
          label={t('account.fullName')}
          name="fullName"
          autoComplete="name"
          isRequired
          value={fullName}
          onChange={setFullName}
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
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          isRequired
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
        <Field
          label={t('account.newPassword')}
          name="password"
          type="password"
          autoComplete="new-password"
          description={t('account.passwordRules')}
          isRequired
          value={password}
          onChange={setPassword}
          validate={(value) => passwordRule(t, value)}
        />
        <button type="submit" className="button" disabled={register.isPending}>
          {register.isPending ? t('account.register.submitting') : t('account.register.submit')}
        </button>
        <p className="small">
          <Link href="/sign-in">{t('account.register.haveAccount')}</Link>
        </p>
      </ProblemForm>
    </Page>
  );
}

export function SexField(props: { value: Sex | ''; onChange: (value: Sex) => void }) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      className="field radio-group"
      name="sex"
      isRequired
      value={props.value || null}
      onChange={(value) => props.onChange(value as Sex)}
    >
      <Label>{t('account.sex')}</Label>
      <div className="radio-options">
        {SEXES.map((s) => (
          <Radio key={s} value={s} className="radio">
            {t(`account.sexes.${s}`)}
          </Radio>
        ))}
      </div>
      <FieldError className="field-error" />
    </RadioGroup>
  );
}
