import type { ObservationStatus } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { assertCanReadChild, canReadChild } from './children.js';
import { assertChildInReach } from './records.js';
import { managerMayReadSessionRecord } from './sessions.js';

/** An observation record as the rules below read it; `centreId` is its session's centre. */
export interface ObservationParties {
  councilId: string;
  status: ObservationStatus;
  authorId: string;
  reviewerId: string | null;
  childId: string;
}

/**
 * Who may read an observation record (docs/domain.md rules 9 and 11):
 * - its author, always;
 * - a supervisor at the session's centre while it is under review (submitted or approved), and its reviewer;
 * - the manager of the session's centre while the child has current work there (`managerMayReadSessionRecord`);
 * - the child's social worker and the council's integrations once it is final: finalising is the moment a
 *   report is issued to social work planning (see `transitionObservation`), so drafts stay with the centre.
 */
export async function mayReadObservation(
  em: EntityManager,
  viewer: Viewer,
  o: ObservationParties,
  centreId: string,
): Promise<boolean> {
  if (o.councilId !== viewer.councilId) return false;
  switch (viewer.role) {
    case 'supervisor':
      return (
        o.authorId === viewer.userId ||
        o.reviewerId === viewer.userId ||
        (viewer.centreId === centreId && (o.status === 'submitted' || o.status === 'approved'))
      );
    case 'centre_manager':
      return managerMayReadSessionRecord(em, viewer, { centreId, childId: o.childId });
    case 'social_worker':
      return o.status === 'final' && canReadChild(em, viewer, o.childId);
    case 'integrator':
      return o.status === 'final';
    case 'admin':
      return false;
  }
}

/**
 * Which observation records a child's history shows, the child being already known to be readable and a manager's
 * page holding only their own centre's sessions: the final ones to everyone who reads the history, and the ones still
 * being written or reviewed to the manager of the session's centre. A supervisor works on drafts and records under
 * review where they are written and reviewed (`myDrafts`, `observationsToReview`, `observation(id)`), not here.
 */
export function historyShowsObservation(
  viewer: Viewer,
  o: { status: ObservationStatus },
  sessionCentreId: string,
): boolean {
  return o.status === 'final' || (viewer.role === 'centre_manager' && viewer.centreId === sessionCentreId);
}

/** Reviewing (approve, return, finalise) is for supervisors and the manager of the session's centre. */
export function mayReview(viewer: Viewer, centreId: string): boolean {
  return (viewer.role === 'supervisor' || viewer.role === 'centre_manager') && viewer.centreId === centreId;
}

/** An addendum is signed by someone answerable for the record: its author, its reviewer, or the centre manager. */
export function mayAmend(
  viewer: Viewer,
  o: { authorId: string; reviewerId: string | null },
  centreId: string,
): boolean {
  return (
    o.authorId === viewer.userId ||
    o.reviewerId === viewer.userId ||
    (viewer.role === 'centre_manager' && viewer.centreId === centreId)
  );
}

/**
 * Who checks a child's evidence chain: whoever may read the child's history, and an auditor (admin) for any child of
 * their council, since the report shows no content, only whether the stored records are intact and which key sealed
 * them. NOT_FOUND otherwise.
 */
export async function assertMayVerifyChain(
  em: EntityManager,
  viewer: Viewer,
  childId: string,
): Promise<void> {
  if (viewer.role !== 'admin') return assertCanReadChild(em, viewer, childId);
  // An admin reaches every child of their council (access/records.ts).
  return assertChildInReach(em, viewer, childId);
}
