import type { RouteRecordRaw } from 'vue-router';

/**
 * The views of each role. Each feature adds its route here, with the roles that may open it (the API decides
 * again: a view the route allows still shows only what the server returns).
 */
export const FEATURE_ROUTES: RouteRecordRaw[] = [];
