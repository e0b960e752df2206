import type { RouteRecordRaw } from 'vue-router'
import { Lock } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

const routes: RouteRecordRaw[] = [
  {
    path: '/guard',
    name: 'guard',
    redirect: '/guard/domains',
    meta: { title: 'menu.guard', icon: markRaw(Lock) },
    children: [
      { path: 'domains', name: 'domains', component: () => import('@/views/guard/domains/index.vue'), meta: { title: 'menu.domains', perm: 'guard.domain.read' } },
      { path: 'certs', name: 'certs', component: () => import('@/views/guard/certs/index.vue'), meta: { title: 'menu.certs', perm: 'guard.cert.read' } },
      { path: 'policies', name: 'policies', component: () => import('@/views/guard/policies/index.vue'), meta: { title: 'menu.policies', perm: 'guard.policy.read' } },
      { path: 'ip-sets', name: 'ip-sets', component: () => import('@/views/guard/ip-sets/index.vue'), meta: { title: 'menu.ipSets', perm: 'guard.ipset.read' } },
      { path: 'acl-rules', name: 'acl-rules', component: () => import('@/views/guard/acl-rules/index.vue'), meta: { title: 'menu.aclRules', perm: 'guard.acl.read' } },
      { path: 'cc-rules', name: 'cc-rules', component: () => import('@/views/guard/cc-rules/index.vue'), meta: { title: 'menu.ccRules', perm: 'guard.cc.read' } },
      { path: 'schedules', name: 'schedules', component: () => import('@/views/guard/schedules/index.vue'), meta: { title: 'menu.schedules', perm: 'guard.schedule.read' } },
    ],
  },
]
export default routes
