// Asks for a password reset link. The answer is the same whether or not the address has an
// account, and the page says exactly that.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage } from '../../ui/Status.js';
import './account.css';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } })),
  });
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (request.isSuccess) done.current?.focus();
  }, [request.isSuccess]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <Page title={t('account.forgot.title')}>
      {request.isSuccess ? (
        <>
          <div className="notice" role="status" tabIndex={-1} ref={done}>
            <p>{t('account.forgot.done', { email: email.trim() })}</p>
            <p>{t('account.forgot.doneHint')}</p>
          </div>
          <p className="button-row">
            <Link href="/sign-in" className="button secondary">
              {t('account.backToSignIn')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t('account.forgot.lead')}</p>
          <Form className="form narrow" onSubmit={submit}>
            {request.error ? <ErrorMessage error={request.error} /> : null}
            <Field
              label={t('auth.email')}
              name="email"
              type="email"
              autoComplete="email"
              isRequired
              value={email}
              onChange={setEmail}
            />
            <button type="submit" className="button" disabled={request.isPending}>
              {request.isPending ? t('account.forgot.submitting') : t('account.forgot.submit')}
            </button>
            <p className="small">
              <Link href="/sign-in">{t('account.backToSignIn')}</Link>
            </p>
          </Form>
        </>
      )}
    </Page>
  );
}
