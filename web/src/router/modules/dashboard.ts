import type { RouteRecordRaw } from 'vue-router'
import { DataAnalysis, Warning } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'menu.dashboard', icon: markRaw(DataAnalysis), perm: 'chart.query.read' },
  },
  {
    path: '/events',
    name: 'events',
    component: () => import('@/views/chart/events/index.vue'),
    meta: { title: 'menu.events', icon: markRaw(Warning), perm: 'chart.event.read' },
  },
]
export default routes
