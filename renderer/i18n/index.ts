import i18next, { type i18n as I18n, type InitOptions } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import { registerFormatters } from './format';
import { LANGS, type Lang } from '../../core/base/lang';

export { LANGS, type Lang };

/** The language i18next is in, as the main side and core/ take it (one type for both sides). */
export function langOf(instance: Pick<I18n, 'language'>): Lang {
  return instance.language === 'zh-CN' ? 'zh-CN' : 'en';
}

const STORAGE_KEY = 'inspector.language';

export function initialLanguage(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(language: Lang): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

/** The options both the app and tests start i18next with. */
export function i18nOptions(language: Lang): InitOptions {
  return {
    resources,
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  };
}

/** Starts an i18next instance in `language`, with the formats numbers and dates go through. */
export function startI18n(instance: I18n, language: Lang): I18n {
  void instance.init(i18nOptions(language));
  registerFormatters(instance);
  return instance;
}

export function initI18n(): typeof i18next {
  const language = initialLanguage();
  document.documentElement.lang = language;
  startI18n(i18next.use(initReactI18next), language);
  return i18next;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}
