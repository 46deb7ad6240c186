// Where changing the password lands: the server ended every session, so the user is signed out
// here (on every device) and asked to sign in with the new password.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Page } from '../../ui/Page.js';
import './account.css';

export default function PasswordChangedPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('account.password.changedTitle')}>
      <div className="notice" role="status">
        <p>{t('account.password.changed')}</p>
      </div>
      <p className="button-row">
        <Link href="/sign-in?next=%2Fprofile" className="button">
          {t('auth.signIn')}
        </Link>
      </p>
    </Page>
  );
}
