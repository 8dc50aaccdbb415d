import type { StaffRole } from '../people/staff-user.entity.js';

/** Marks a root field that needs no sign-in (server status, development sign-in). */
export const ANYONE = 'anyone';
export type Allowed = StaffRole | typeof ANYONE;

export const MANAGER: StaffRole = 'centre_manager';
export const SUPERVISOR: StaffRole = 'supervisor';
export const SOCIAL_WORKER: StaffRole = 'social_worker';
export const INTEGRATOR: StaffRole = 'integrator';
export const ADMIN: StaffRole = 'admin';
