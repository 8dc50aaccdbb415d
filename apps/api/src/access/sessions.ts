import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden, notFound } from '../common/errors.js';
import { canReadChild, staffsSession } from './children.js';
import { assertCentre } from './viewer.js';

/** A session as the rules below read it (of the viewer's council: callers load it within their council). */
export interface SessionParties {
  centreId: string;
  childId: string;
  supervisorId: string;
  secondStaffId: string | null;
}

/**
 * A manager reads a session's record (the session, its attendance, its observation) when it is at their own centre
 * and about a child with current work there: exactly the sessions their view of the child's history shows.
 */
export async function managerMayReadSessionRecord(
  em: EntityManager,
  viewer: Viewer,
  s: { centreId: string; childId: string },
): Promise<boolean> {
  return (
    viewer.role === 'centre_manager' &&
    viewer.centreId !== null &&
    viewer.centreId === s.centreId &&
    canReadChild(em, viewer, s.childId)
  );
}

/**
 * Who `session(id)` answers for: the manager of its centre while the child has current work there, its supervisor
 * and second member of staff, the child's social worker, the council's integrations. A live session event follows
 * the same rule (`maySeeSessionEvent`).
 */
export async function maySeeSession(em: EntityManager, viewer: Viewer, s: SessionParties): Promise<boolean> {
  switch (viewer.role) {
    case 'centre_manager':
      return managerMayReadSessionRecord(em, viewer, s);
    case 'supervisor':
      return staffsSession(viewer.userId, s);
    case 'social_worker':
      return canReadChild(em, viewer, s.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

/** Running a session (its steps, telling the family of a cancellation): its own staff, or its centre's manager. */
export function assertMayRunSession(viewer: Viewer, s: SessionParties): void {
  const runs =
    (viewer.role === 'centre_manager' && viewer.centreId === s.centreId) || staffsSession(viewer.userId, s);
  if (!runs) throw forbidden('Only the session’s supervisor or the centre manager can record this.');
}

/** Moving a session the viewer may see is for the centre's manager. */
export function assertMayMoveSession(viewer: Viewer): void {
  if (viewer.role !== 'centre_manager') throw forbidden('Only the centre manager can move a session.');
}

/** Cancelling a session the viewer may see is for the centre's manager. */
export function assertMayCancelSession(viewer: Viewer): void {
  if (viewer.role !== 'centre_manager') throw forbidden('Only the centre manager can cancel a session.');
}

/**
 * Booking under an agreement: a manager books only under their own centre's agreements (another centre's is refused
 * as one that does not exist); the others whom the root field lets book, under any of their council's.
 */
export function assertMayBookUnder<A extends { centreId: string }>(
  viewer: Viewer,
  agreement: A | null,
): asserts agreement is A {
  if (!agreement || (viewer.role === 'centre_manager' && agreement.centreId !== viewer.centreId)) {
    throw notFound('contact agreement');
  }
}

/**
 * A recurring series (its rest moved or cancelled at once) is changed by the manager of its own centre alone; to anyone
 * else it does not exist.
 */
export function assertMayChangeSeries<S extends { centreId: string }>(
  viewer: Viewer,
  series: S | null,
): asserts series is S {
  if (!series || viewer.role !== 'centre_manager' || series.centreId !== viewer.centreId)
    throw notFound('series');
}

/** A session is booked into a room of the booker's own centre (a manager's or supervisor's; any for the others). */
export function assertMayBookAt(viewer: Viewer, centreId: string): void {
  assertCentre(viewer, centreId);
}

/**
 * Correcting a session's recorded outcome is for the manager of the session's centre alone (docs/sessions.md): the
 * person answerable for the centre's record, not whoever recorded the absence.
 */
export function mayCorrectAttendance(viewer: Viewer, s: { centreId: string }): boolean {
  return viewer.role === 'centre_manager' && viewer.centreId === s.centreId;
}

/** Who records a family's notice of absence: the centre's manager or the session's staff (docs/domain.md rule 8). */
export function assertMayRecordAbsenceNotice(viewer: Viewer): void {
  if (!(viewer.role === 'centre_manager' || viewer.role === 'supervisor')) throw forbidden();
}
