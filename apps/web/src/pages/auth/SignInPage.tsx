// Sign in with e-mail and password; afterwards back to the page that asked for it, or to the
// role's home.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useSessionStore } from '../../auth/session.js';
import { ROLE_HOME } from '../../routes.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { ErrorMessage } from '../../ui/Status.js';
import { safeNext } from './safe-next.js';

export default function SignInPage() {
  const { t } = useTranslation();
  const store = useSessionStore();
  const api = useApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: async () => {
      await store.signIn(email, password);
      return queryClient.fetchQuery({
        queryKey: ['me', store.getSnapshot().generation],
        queryFn: () => unwrap(api.GET('/api/v1/me')),
      });
    },
    onSuccess: (me) => navigate(next ?? ROLE_HOME[me.role] ?? '/', { replace: true }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <Page title={t('auth.signInTitle')}>
      <Form className="form narrow" onSubmit={submit}>
        {signIn.error ? <ErrorMessage error={signIn.error} /> : null}
        <Field
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          isRequired
          value={email}
          onChange={setEmail}
        />
        <Field
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={setPassword}
        />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.signingIn') : t('auth.signIn')}
        </button>
        <p className="small">
          <Link href="/forgot-password">{t('auth.forgotPassword')}</Link>
          {' · '}
          <Link href="/register">{t('auth.registerLink')}</Link>
        </p>
      </Form>
    </Page>
  );
}
