// The locale for Intl formatting: the catalog language the user reads.
import { useTranslation } from 'react-i18next';

const INTL_LOCALES: Record<string, string> = { en: 'en-GB', de: 'de-DE' };

export function useLocale(): string {
  const { i18n } = useTranslation();
  return INTL_LOCALES[i18n.language] ?? i18n.language;
}
