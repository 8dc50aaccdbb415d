import { createRouter, createWebHistory, type RouteMeta, type RouteRecordRaw } from 'vue-router';
import { currentRole, type Role } from './auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the view; absent means anyone signed in. */
    roles?: Role[];
    /** Open without signing in. */
    public?: boolean;
    /** The view's name: the page title, and its label in the main menu. */
    title: string;
    /** Listed in the main menu, for the roles that may open it. */
    menu?: boolean;
  }
}

/** Whether the signed-in role may open a view: the route guard and the main menu both ask this. */
export function mayOpen(meta: RouteMeta, role: Role | null): boolean {
  if (meta.public) return true;
  if (!role) return false;
  return !meta.roles || meta.roles.includes(role);
}

export interface MenuItem {
  to: string;
  label: string;
}

/** The main menu of a role: the views marked for the menu that it may open, in the order the routes are declared. */
export function menuFor(all: readonly RouteRecordRaw[], role: Role | null): MenuItem[] {
  if (!role) return [];
  return all
    .filter((r) => r.meta?.menu && mayOpen(r.meta, role))
    .map((r) => ({ to: r.path, label: r.meta!.title }));
}

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  CENTRE_MANAGER: '/board',
  SUPERVISOR: '/my-sessions',
  SOCIAL_WORKER: '/caseload',
  INTEGRATOR: '/explorer',
  ADMIN: '/admin/centres',
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
    component: () => import('./ForbiddenView.vue'),
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
      component: () => import('./NotFoundView.vue'),
      meta: { title: 'Page not found', public: true },
    },
  ];
}

export function makeRouter(all: RouteRecordRaw[]) {
  const router = createRouter({ history: createWebHistory(), routes: all });
  router.beforeEach((to) => {
    if (mayOpen(to.meta, currentRole.value)) return true;
    if (!currentRole.value) return { path: '/sign-in', query: { next: to.fullPath } };
    return { path: '/forbidden', query: { from: to.fullPath } };
  });
  router.afterEach((to) => {
    document.title = `${to.meta.title} · Kinroom`;
  });
  return router;
}
