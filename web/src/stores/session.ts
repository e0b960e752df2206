import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi, type LoginBody, type Me, type UserInfo } from '@/api/sys/auth'
import { useBrandingStore } from './branding'

const TOKEN_KEY = 'cloudwaf.token'

/** Who is logged in and what they may do: the one piece of state every page depends on. */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY))
  const expiresAt = ref<string | null>(null)
  const user = ref<UserInfo | null>(null)
  const permissions = ref<Set<string>>(new Set())
  const loaded = ref(false)

  const isLoggedIn = computed(() => !!token.value)
  const isPlatformAdmin = computed(() => !!user.value?.is_platform_admin)

  function has(key: string): boolean {
    return permissions.value.has(key)
  }

  function setToken(value: string | null) {
    token.value = value
    if (value) localStorage.setItem(TOKEN_KEY, value)
    else localStorage.removeItem(TOKEN_KEY)
  }

  function applyMe(me: Me) {
    user.value = me.user
    permissions.value = new Set(me.permissions ?? [])
    loaded.value = true
    // The signed-in user's OEM decides the brand, whatever host the console was opened on.
    if (me.branding) useBrandingStore().apply({ ...useBrandingStore().branding, ...me.branding })
  }

  async function login(body: LoginBody) {
    const res = await authApi.login(body)
    setToken(res.token)
    expiresAt.value = res.expires_at
    await fetchMe()
  }

  async function fetchMe() {
    applyMe(await authApi.me())
    return user.value
  }

  /** Drops local state; the server call is best-effort since the token may already be dead. */
  async function logout(callServer = true) {
    if (callServer && token.value) await authApi.logout().catch(() => undefined)
    clear()
  }

  function clear() {
    setToken(null)
    user.value = null
    permissions.value = new Set()
    loaded.value = false
  }

  return { token, expiresAt, user, permissions, loaded, isLoggedIn, isPlatformAdmin, has, login, fetchMe, logout, clear, applyMe }
})
