import 'vue-router'
import type { Component } from 'vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the menu entry and page title */
    title?: string
    icon?: Component
    /** permission key needed to see the page (and its menu entry) */
    perm?: string
    /** platform super-admin only (OEMs and branding) */
    platformAdmin?: boolean
    hideInMenu?: boolean
    public?: boolean
  }
}
export {}
