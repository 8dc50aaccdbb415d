import type { Viewer } from '../auth/viewer.js';
import { KinroomError, notFound } from '../common/errors.js';

/**
 * Who is asking, and the centre they work at. Roles gate root fields (`@Authorized`, auth-checker.ts); the other files
 * of this folder decide which records a signed-in viewer reaches. A refusal to read never says whether the record
 * exists: it is NOT_FOUND, exactly as for a missing id.
 */

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new KinroomError('UNAUTHENTICATED', 'Sign in to do this.');
  return viewer;
}

/**
 * A manager or supervisor works at one centre; integrators and admins see every centre of their council. `what` is
 * the record asked for (a room of another centre is refused as a room that does not exist, not as a centre).
 */
export function assertCentre(viewer: Viewer, centreId: string, what = 'centre'): void {
  const centres = centresShown(viewer);
  if (centres !== 'all' && !centres.includes(centreId)) throw notFound(what);
}

/** The centres the viewer sees: their own (none if unassigned) for a manager or supervisor, else every one. */
export function centresShown(viewer: Viewer): 'all' | string[] {
  if (viewer.role !== 'centre_manager' && viewer.role !== 'supervisor') return 'all';
  return viewer.centreId ? [viewer.centreId] : [];
}
