// Message catalogs (i18next): every string a user reads comes from a catalog (catalogs.ts), in
// English and German, both complete (a test compares their keys). The language is the one the user picked, else the
// browser's first supported one, else English; `<html lang>` follows it.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGS } from './catalogs.js';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'medsync.language';

export function preferredLanguage(stored: string | null, browser: readonly string[]): Language {
  const candidates = [stored, ...browser].filter((l): l is string => Boolean(l));
  for (const candidate of candidates) {
    const base = candidate.toLowerCase().split('-')[0];
    const match = LANGUAGES.find((l) => l === base);
    if (match) return match;
  }
  return 'en';
}

export async function startI18n(): Promise<i18n> {
  const stored = safeStorage()?.getItem(STORAGE_KEY) ?? null;
  const lng = preferredLanguage(stored, navigator.languages ?? [navigator.language]);
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: { en: { translation: CATALOGS.en }, de: { translation: CATALOGS.de } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  instance.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    safeStorage()?.setItem(STORAGE_KEY, language);
  });
  return instance;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
