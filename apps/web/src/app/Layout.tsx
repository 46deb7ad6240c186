// The frame around every page: a skip link, the header with the navigation for the signed-in
// role, the language picker and sign-in or sign-out, and the main landmark.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useMe, useSessionStore } from '../auth/session.js';
import { LANGUAGES } from '../i18n/index.js';
import { routes } from '../routes.js';

export function Layout(props: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const store = useSessionStore();
  const [location, navigate] = useLocation();
  const entries = routes.filter(
    (r) => r.nav && (!r.roles || (me !== null && r.roles.includes(me.role))),
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('app.mainNavigation')}>
          <ul>
            {entries.map((r) => (
              <li key={r.path}>
                <Link href={r.path} aria-current={location === r.path ? 'page' : undefined}>
                  {t(r.nav ?? '')}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <label className="language">
            <span className="visually-hidden">{t('app.language')}</span>
            <select
              value={i18n.language}
              onChange={(event) => void i18n.changeLanguage(event.target.value)}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`app.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
          {me ? (
            <button
              type="button"
              className="button secondary"
              onClick={() => void store.signOut().then(() => navigate('/'))}
            >
              {t('auth.signOut')}
            </button>
          ) : (
            <Link href="/sign-in" className="button secondary">
              {t('auth.signIn')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
      <footer className="app-footer muted small">{t('app.footer')}</footer>
    </>
  );
}
