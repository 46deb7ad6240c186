// Shows a page to the roles that may use it; sends a signed-out visitor to sign in (and back
// afterwards) and tells anyone else the page is not theirs.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useLocation } from 'wouter';
import { type Role, useMe } from '../auth/session.js';
import { Page } from '../ui/Page.js';
import { Loading } from '../ui/Status.js';

export function RoleGate(props: { roles: readonly Role[]; children: ReactNode }) {
  const { me, loading } = useMe();
  const { t } = useTranslation();
  const [location] = useLocation();
  if (loading) return <Loading />;
  if (!me) {
    const next = encodeURIComponent(location + window.location.search);
    return <Redirect to={`/sign-in?next=${next}`} replace />;
  }
  if (!props.roles.includes(me.role)) {
    return (
      <Page title={t('app.forbiddenTitle')}>
        <p>{t('app.forbidden')}</p>
      </Page>
    );
  }
  return <>{props.children}</>;
}
