import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import './types'
import dashboard from './modules/dashboard'
import guard from './modules/guard'
import node from './modules/node'
import sys from './modules/sys'
import { installGuards } from './guards'

/** Pages inside the shell, in menu order. Each module file is one menu section. */
export const appRoutes: RouteRecordRaw[] = [...dashboard, ...guard, ...node, ...sys]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/sys/login/index.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: () => import('@/layouts/BasicLayout.vue'),
    redirect: '/dashboard',
    children: [
      ...appRoutes,
      { path: '/profile', name: 'profile', component: () => import('@/views/sys/profile/index.vue'), meta: { title: 'menu.profile', hideInMenu: true } },
      { path: '/403', name: 'forbidden', component: () => import('@/views/error/forbidden.vue'), meta: { title: 'error.forbidden', hideInMenu: true } },
      { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/not-found.vue'), meta: { title: 'error.notFound', hideInMenu: true } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })
installGuards(router)
