import type { StaffRole } from '@kinroom/domain';
import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';

/**
 * Administration (docs/set-up.md): an admin sets up centres, rooms and staff of their own council, and reads its
 * change log. Every record is looked up within the admin's council, so another council's record is NOT_FOUND, as
 * one that does not exist. An admin never reaches a child's record through any of this.
 */
export function assertAdministers(viewer: Viewer): void {
  if (viewer.role !== 'admin') throw forbidden('Only the council’s admins set up centres, rooms and staff.');
}

/**
 * What an admin may change of a staff account beyond the council's rules: never deactivate themselves, nor take
 * their own admin role away (another admin does it), so that nobody locks themselves out by mistake.
 */
export function assertMayChangeStaff(
  viewer: Viewer,
  target: { id: string },
  change: { role?: StaffRole | null; active?: boolean },
): void {
  assertAdministers(viewer);
  if (target.id !== viewer.userId) return;
  if (change.active === false) throw forbidden('You cannot deactivate your own account: ask another admin.');
  if (change.role && change.role !== 'admin') {
    throw forbidden('You cannot take away your own admin role: ask another admin.');
  }
}
