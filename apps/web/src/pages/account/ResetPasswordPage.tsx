// The page the reset link opens: /reset-password?token=…. The token is read once and taken out
// of the address bar at once (so that it stays out of the history, bookmarks and screenshots);
// then a new password is set, which ends every session, and sign-in is offered.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage } from '../../ui/Status.js';
import { ProblemForm } from './ProblemForm.js';
import { passwordRule } from './rules.js';
import './account.css';

function readToken(): string | null {
  const token = new URLSearchParams(window.location.search).get('token');
  return token && /^[A-Za-z0-9_-]{1,128}$/.test(token) ? token : null;
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [token] = useState(readToken);
  useEffect(() => {
    if (window.location.search) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const confirm = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/password-reset/confirm', {
          body: { token: token ?? '', newPassword: password },
        }),
      ),
  });
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirm.isSuccess) done.current?.focus();
  }, [confirm.isSuccess]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  const badToken =
    !token || (confirm.error instanceof ApiProblem && confirm.error.code === 'invalid-reset-token');
  return (
    <Page title={t('account.reset.title')}>
      {confirm.isSuccess ? (
        <>
          <div className="notice" role="status" tabIndex={-1} ref={done}>
            <p>{t('account.reset.done')}</p>
          </div>
          <p className="button-row">
            <Link href="/sign-in" className="button">
              {t('auth.signIn')}
            </Link>
          </p>
        </>
      ) : badToken ? (
        <>
          <div className="status error" role="alert">
            <p>{t('account.problems.invalidResetToken')}</p>
          </div>
          <p className="button-row">
            <Link href="/forgot-password" className="button">
              {t('account.reset.requestNew')}
            </Link>
          </p>
        </>
      ) : (
        <ProblemForm
          error={confirm.error}
          onEdit={confirm.reset}
          className="form narrow"
          onSubmit={submit}
        >
          {confirm.error &&
          !(confirm.error instanceof ApiProblem && confirm.error.status === 422) ? (
            <ErrorMessage error={confirm.error} />
          ) : null}
          <p>{t('account.reset.lead')}</p>
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
            validate={(value) =>
              value && value !== password ? t('account.passwordsDiffer') : null
            }
          />
          <button type="submit" className="button" disabled={confirm.isPending}>
            {confirm.isPending ? t('account.reset.submitting') : t('account.reset.submit')}
          </button>
        </ProblemForm>
      )}
    </Page>
  );
}
