import type { RouteRecordRaw } from 'vue-router'
import { Monitor } from '@element-plus/icons-vue'
import { markRaw } from 'vue'

const routes: RouteRecordRaw[] = [
  {
    path: '/node',
    name: 'node',
    redirect: '/node/nodes',
    meta: { title: 'menu.node', icon: markRaw(Monitor) },
    children: [
      { path: 'nodes', name: 'nodes', component: () => import('@/views/node/nodes/index.vue'), meta: { title: 'menu.nodes', perm: 'node.node.read' } },
      { path: 'groups', name: 'node-groups', component: () => import('@/views/node/groups/index.vue'), meta: { title: 'menu.nodeGroups', perm: 'node.group.read' } },
    ],
  },
]
export default routes
