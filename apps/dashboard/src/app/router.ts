import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { currentRole, type Role } from './auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the view; absent means anyone signed in. */
    roles?: Role[];
    /** Open without signing in. */
    public?: boolean;
    title: string;
  }
}

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  CENTRE_MANAGER: '/board',
  SUPERVISOR: '/my-sessions',
  SOCIAL_WORKER: '/caseload',
  INTEGRATOR: '/explorer',
  ADMIN: '/explorer',
};

/** Feature views are loaded on demand, so the first page a user sees stays small. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    component: () => import('../features/sign-in/FeatureSignIn.vue'),
    meta: { public: true, title: 'Sign in' },
  },
  {
    path: '/forbidden',
    component: () => import('../components/ForbiddenView.vue'),
    meta: { title: 'Not available to you' },
  },
  {
    path: '/',
    redirect: () => (currentRole.value ? HOME[currentRole.value] : '/sign-in'),
    meta: { title: 'Kinroom' },
  },
];

export function addFeatureRoutes(extra: RouteRecordRaw[]): RouteRecordRaw[] {
  return [
    ...extra,
    ...routes,
    {
      path: '/:pathMatch(.*)*',
      component: () => import('../components/NotFoundView.vue'),
      meta: { title: 'Page not found', public: true },
    },
  ];
}

export function makeRouter(all: RouteRecordRaw[]) {
  const router = createRouter({ history: createWebHistory(), routes: all });
  router.beforeEach((to) => {
    if (to.meta.public) return true;
    if (!currentRole.value) return { path: '/sign-in', query: { next: to.fullPath } };
    if (to.meta.roles && !to.meta.roles.includes(currentRole.value))
      return { path: '/forbidden', query: { from: to.fullPath } };
    return true;
  });
  router.afterEach((to) => {
    document.title = `${to.meta.title} · Kinroom`;
  });
  return router;
}
