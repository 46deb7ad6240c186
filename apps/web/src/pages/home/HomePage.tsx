import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Page } from '../../ui/Page.js';

export default function HomePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('home.title')}>
      <p className="lead">{t('home.lead')}</p>
      <p>
        <Link href="/find" className="button">
          {t('home.findCare')}
        </Link>
      </p>
    </Page>
  );
}
