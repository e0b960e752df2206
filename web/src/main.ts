import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './locales'
import { configureClient } from './api/request'
import { useSessionStore } from './stores/session'
import { useBrandingStore } from './stores/branding'
import { createAccessDirective } from './directives/access'
import './styles/index.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n)

const session = useSessionStore()
app.directive('access', createAccessDirective((key) => session.has(key)))

let redirecting = false
configureClient({
  getToken: () => session.token,
  getLocale: () => i18n.global.locale.value,
  onError: (err) => ElMessage({ type: 'error', message: err.message, grouping: true, showClose: true }),
  onUnauthorized: () => {
    // Several requests fail together when a session dies: send the user to login only once.
    if (redirecting) return
    redirecting = true
    session.clear()
    const current = router.currentRoute.value
    router
      .replace({ name: 'login', query: { redirect: current.name === 'login' ? undefined : current.fullPath, reason: 'expired' } })
      .finally(() => (redirecting = false))
  },
})

useBrandingStore().load()
app.use(router)
app.mount('#app')
