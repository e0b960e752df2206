import type { RouteRecordRaw } from 'vue-router'
import { Setting } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

const routes: RouteRecordRaw[] = [
  {
    path: '/sys',
    name: 'sys',
    redirect: '/sys/users',
    meta: { title: 'menu.sys', icon: markRaw(Setting) },
    children: [
      { path: 'users', name: 'users', component: () => import('@/views/sys/users/index.vue'), meta: { title: 'menu.users', perm: 'sys.user.read' } },
      { path: 'roles', name: 'roles', component: () => import('@/views/sys/roles/index.vue'), meta: { title: 'menu.roles', perm: 'sys.role.read' } },
      { path: 'api-keys', name: 'api-keys', component: () => import('@/views/sys/api-keys/index.vue'), meta: { title: 'menu.apiKeys', perm: 'sys.apikey.read' } },
      { path: 'sessions', name: 'sessions', component: () => import('@/views/sys/sessions/index.vue'), meta: { title: 'menu.sessions', perm: 'sys.session.read' } },
      { path: 'audit-logs', name: 'audit-logs', component: () => import('@/views/sys/audit-logs/index.vue'), meta: { title: 'menu.auditLogs', perm: 'sys.audit.read' } },
      { path: 'oems', name: 'oems', component: () => import('@/views/sys/oems/index.vue'), meta: { title: 'menu.oems', perm: 'sys.oem.read', platformAdmin: true } },
      { path: 'settings', name: 'settings', component: () => import('@/views/sys/settings/index.vue'), meta: { title: 'menu.settings', perm: 'sys.setting.read' } },
    ],
  },
]
export default routes
