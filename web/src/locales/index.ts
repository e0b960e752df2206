import { createI18n } from 'vue-i18n'
import en from './en'
import zh from './zh-CN'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]
export const LOCALE_KEY = 'cloudwaf.locale'

/** The remembered choice first, then the browser's language; anything not Chinese is English. */
export function detectLocale(stored = localStorage.getItem(LOCALE_KEY), browser = navigator.language): Locale {
  if (stored === 'zh-CN' || stored === 'en') return stored
  return browser?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zh },
  missingWarn: false,
  fallbackWarn: false,
})
