import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ms } from './ms';
import { catalogEn } from './catalog-en';
import { catalogMs } from './catalog-ms';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ms', name: 'Bahasa Melayu' },
] as const;
const KEY = 'kedai.lang';

function initialLanguage(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && LANGUAGES.some((l) => l.code === saved)) return saved;
  return navigator.language?.toLowerCase().startsWith('ms') ? 'ms' : 'en';
}

/** English and Malay message files, bundled: the first screen never waits for a text to load. */
export function initI18n(lang = initialLanguage()) {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: { ...en, ...catalogEn } }, ms: { translation: { ...ms, ...catalogMs } } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lang;
  return i18next;
}

export function setLanguage(lang: string): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}
