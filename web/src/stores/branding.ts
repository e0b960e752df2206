import { defineStore } from 'pinia'
import { ref } from 'vue'
import { authApi, type Branding } from '@/api/sys/auth'

const DEFAULT: Branding = { oem_id: 0, hostname: '', name: 'Cloud WAF', logo_url: null, primary_color: '#1f6feb', secondary_color: '#0d1117', captcha_enabled: true }

/** OEM branding (name, logo, colours) chosen by the Host the console is served from. */
export const useBrandingStore = defineStore('branding', () => {
  const branding = ref<Branding>({ ...DEFAULT })

  function apply(b: Partial<Branding> | null | undefined) {
    branding.value = { ...DEFAULT, ...Object.fromEntries(Object.entries(b ?? {}).filter(([, v]) => v != null && v !== '')) }
    document.title = branding.value.name
    setPrimary(branding.value.primary_color)
  }

  let pending: Promise<void> | null = null
  function load() {
    pending = authApi
      .branding()
      .then(apply)
      .catch(() => apply(null)) // keep the defaults when the public endpoint cannot answer
    return pending
  }
  /** Resolves once the branding (and with it the captcha switch) is known. */
  const ensure = () => pending ?? load()

  return { branding, apply, load, ensure }
})

/** Element Plus derives its hover/active shades from these variables. */
export function setPrimary(color: string) {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return
  const root = document.documentElement.style
  root.setProperty('--el-color-primary', color)
  const mix = (weight: number, base: number) => {
    const c = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
    return '#' + c.map((v) => Math.round(v * (1 - weight) + base * weight).toString(16).padStart(2, '0')).join('')
  }
  for (const step of [3, 5, 7, 8, 9]) root.setProperty(`--el-color-primary-light-${step}`, mix(step / 10, 255))
  root.setProperty('--el-color-primary-dark-2', mix(0.2, 0))
}
