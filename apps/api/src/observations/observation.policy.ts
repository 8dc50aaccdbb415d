import type { EntityManager } from '@mikro-orm/postgresql';
import { canReadChild, managerMayReadSessionRecord } from '../access/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { Observation } from './observation.entity.js';

/**
 * Who may read an observation record (docs/domain.md rules 9 and 11):
 * - its author, always;
 * - a supervisor at the session's centre while it is under review (submitted or approved), and its reviewer;
 * - the manager of the session's centre while the child has current work there (access/policy.ts);
 * - the child's social worker and the council's integrations once it is final: finalising is the moment a
 *   report is issued to social work planning (see `transitionObservation`), so drafts stay with the centre.
 */
export async function mayReadObservation(
  em: EntityManager,
  viewer: Viewer,
  o: Pick<Observation, 'councilId' | 'status' | 'authorId' | 'reviewerId' | 'childId'>,
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

/** Reviewing (approve, return, finalise) is for supervisors and the manager of the session's centre. */
export function mayReview(viewer: Viewer, centreId: string): boolean {
  return (viewer.role === 'supervisor' || viewer.role === 'centre_manager') && viewer.centreId === centreId;
}

/** An addendum is signed by someone answerable for the record: its author, its reviewer, or the centre manager. */
export function mayAmend(viewer: Viewer, o: Pick<Observation, 'authorId' | 'reviewerId'>, centreId: string) {
  return (
    o.authorId === viewer.userId ||
    o.reviewerId === viewer.userId ||
    (viewer.role === 'centre_manager' && viewer.centreId === centreId)
  );
}
