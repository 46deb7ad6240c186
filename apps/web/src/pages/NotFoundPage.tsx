import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Page } from '../ui/Page.js';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('app.notFoundTitle')}>
      <p>{t('app.notFound')}</p>
      <Link href="/">{t('app.backHome')}</Link>
    </Page>
  );
}
