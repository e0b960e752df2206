import { defineStore } from 'pinia'
import { ref } from 'vue'
import { i18n, LOCALE_KEY, type Locale } from '@/locales'

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>(i18n.global.locale.value as Locale)

  function set(value: Locale) {
    locale.value = value
    i18n.global.locale.value = value
    localStorage.setItem(LOCALE_KEY, value)
    document.documentElement.lang = value
  }

  document.documentElement.lang = locale.value
  return { locale, set }
})
