import type { RouteRecordRaw } from 'vue-router';

/**
 * The views of each role. Each feature adds its route here, with the roles that may open it (the API decides
 * again: a view the route allows still shows only what the server returns) and whether it is in the main menu,
 * which lists these routes in this order.
 */
export const FEATURE_ROUTES: RouteRecordRaw[] = [
  {
    path: '/board',
    component: () => import('../features/board/FeatureBoard.vue'),
    meta: { roles: ['CENTRE_MANAGER', 'INTEGRATOR'], title: 'Centre board', menu: true },
  },
  {
    path: '/timeline',
    component: () => import('../features/timeline/FeatureTimeline.vue'),
    meta: { roles: ['CENTRE_MANAGER'], title: "Today's timeline", menu: true },
  },
  {
    path: '/desk',
    component: () => import('../features/desk/FeatureDesk.vue'),
    meta: { roles: ['CENTRE_MANAGER'], title: 'Desk', menu: true },
  },
  {
    path: '/desk/records/:observationId',
    component: () => import('../features/desk/FeatureDeskRecord.vue'),
    meta: { roles: ['CENTRE_MANAGER'], title: 'Observation record' },
  },
  {
    path: '/my-sessions',
    component: () => import('../features/my-sessions/FeatureMySessions.vue'),
    meta: { roles: ['SUPERVISOR'], title: 'My sessions', menu: true },
  },
  {
    path: '/my-sessions/:sessionId/observation',
    component: () => import('../features/observations/FeatureObservation.vue'),
    meta: { roles: ['SUPERVISOR'], title: 'Observation record' },
  },
  {
    path: '/safeguarding',
    component: () => import('../features/safeguarding/FeatureSafeguarding.vue'),
    meta: { roles: ['CENTRE_MANAGER', 'SOCIAL_WORKER'], title: 'Safeguarding', menu: true },
  },
  {
    path: '/figures',
    component: () => import('../features/figures/FeatureFigures.vue'),
    meta: { roles: ['CENTRE_MANAGER'], title: 'Centre figures', menu: true },
  },
  {
    path: '/caseload',
    component: () => import('../features/caseload/FeatureCaseload.vue'),
    meta: { roles: ['SOCIAL_WORKER'], title: 'Caseload', menu: true },
  },
  {
    path: '/children/:id',
    component: () => import('../features/child-history/FeatureChildHistory.vue'),
    meta: { roles: ['SOCIAL_WORKER', 'CENTRE_MANAGER', 'INTEGRATOR'], title: 'Contact history' },
  },
  {
    path: '/admin/centres',
    component: () => import('../features/admin/FeatureCentres.vue'),
    meta: { roles: ['ADMIN'], title: 'Centres and rooms', menu: true },
  },
  {
    path: '/admin/staff',
    component: () => import('../features/admin/FeatureStaff.vue'),
    meta: { roles: ['ADMIN'], title: 'Staff', menu: true },
  },
  {
    path: '/admin/api-keys',
    component: () => import('../features/api-keys/FeatureApiKeys.vue'),
    meta: { roles: ['ADMIN'], title: 'API keys', menu: true },
  },
  {
    path: '/admin/activity',
    component: () => import('../features/admin/FeatureActivity.vue'),
    meta: { roles: ['ADMIN'], title: 'Activity', menu: true },
  },
  {
    path: '/admin/import',
    component: () => import('../features/import/FeatureImport.vue'),
    meta: { roles: ['ADMIN'], title: 'Import', menu: true },
  },
  {
    path: '/children',
    component: () => import('../features/records/FeatureChildren.vue'),
    meta: { roles: ['SOCIAL_WORKER', 'ADMIN'], title: 'Children', menu: true },
  },
  {
    path: '/children/:id/record',
    component: () => import('../features/records/FeatureChildRecord.vue'),
    meta: { roles: ['SOCIAL_WORKER', 'ADMIN'], title: 'Child’s record' },
  },
  {
    path: '/explorer',
    component: () => import('../features/explorer/FeatureExplorer.vue'),
    meta: { roles: ['INTEGRATOR', 'ADMIN'], title: 'API explorer', menu: true },
  },
  {
    // Back from the council's identity provider (docs/sign-in.md).
    path: '/signed-in',
    component: () => import('../features/sign-in/FeatureSignedIn.vue'),
    meta: { public: true, title: 'Signing in' },
  },
];
