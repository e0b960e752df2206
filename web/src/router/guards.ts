import type { RouteLocationNormalized, Router, RouteRecordRaw } from 'vue-router'
import { useSessionStore } from '@/stores/session'
import { i18n } from '@/locales'
import { useBrandingStore } from '@/stores/branding'

export function canSee(route: Pick<RouteLocationNormalized, 'meta'> | RouteRecordRaw, has: (k: string) => boolean, platformAdmin: boolean): boolean {
  const meta = route.meta ?? {}
  if (meta.platformAdmin && !platformAdmin) return false
  return !meta.perm || has(meta.perm)
}

/** The first page the user may open: the dashboard for most, something else for narrow roles. */
export function firstAllowed(routes: RouteRecordRaw[], has: (k: string) => boolean, platformAdmin: boolean): string {
  for (const r of routes) {
    if (r.children?.length) {
      const child = r.children.find((c) => canSee(c, has, platformAdmin))
      if (child) return `${r.path}/${child.path}`
    } else if (canSee(r, has, platformAdmin)) return r.path
  }
  return '/profile'
}

export function installGuards(router: Router) {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (to.meta.public) return session.isLoggedIn && to.name === 'login' && session.loaded ? '/' : true
    if (!session.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (!session.loaded) {
      try {
        await session.fetchMe()
      } catch {
        session.clear()
        return { name: 'login', query: { redirect: to.fullPath } }
      }
    }
    if (to.path === '/dashboard' && !session.has('chart.query.read')) {
      const { appRoutes } = await import('./index')
      const target = firstAllowed(appRoutes, session.has, session.isPlatformAdmin)
      if (target !== '/dashboard') return target
    }
    if (!canSee(to, session.has, session.isPlatformAdmin)) return { name: 'forbidden' }
    return true
  })
  router.afterEach((to) => {
    const brand = useBrandingStore().branding.name
    document.title = to.meta.title ? `${i18n.global.t(to.meta.title)} · ${brand}` : brand
  })
}
