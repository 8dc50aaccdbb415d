import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import type { LiveEventOf } from '../realtime/live-event.js';
import { isCurrentSession, staffsSession } from './children.js';
import { assertCentre } from './viewer.js';

/**
 * Live subscriptions (docs/access.md "Live subscriptions"). No account may see more through a subscription than
 * through a query: each filter asks the rule of the query that reads the same record, on what the event carries,
 * with the viewer's readable children kept in a set (`childScopeSql`, refreshed by the subscription). The
 * subscriptions themselves are declared in realtime/live-topics.ts, each naming the rules below that it follows.
 */

/**
 * What a viewer's answers can depend on: two viewers with the same scope see the same records. A manager's centre,
 * an integrator's or an admin's council; a supervisor's and a social worker's records are their own. Live updates
 * are executed once for all the subscribers who share a scope, the same operation and the same variables: each live
 * topic groups its subscribers by this scope (realtime/live-topics.ts), never by a key of its own.
 */
export function visibilityScope(viewer: Viewer): string {
  switch (viewer.role) {
    case 'centre_manager':
      return `${viewer.role}:${viewer.councilId}:${viewer.centreId ?? ''}`;
    case 'integrator':
    case 'admin':
      return `${viewer.role}:${viewer.councilId}`;
    case 'supervisor':
    case 'social_worker':
      return `${viewer.role}:${viewer.councilId}:${viewer.userId}`;
  }
}

/** The children a viewer may read, as a subscription holds them. */
export interface ReadableChildren {
  has(childId: string | null): boolean;
}

/**
 * The centre whose live events a subscription follows, given the one it names: a manager's or supervisor's own
 * (naming another is refused as a centre that does not exist, and one without a centre follows nothing, as the
 * queries refuse them every centre); an integrator's or admin's, whichever of their council's they name, or all.
 */
export function followedCentre(viewer: Viewer, asked: string | null | undefined): string | null {
  if (viewer.role !== 'centre_manager' && viewer.role !== 'supervisor') return asked ?? null;
  if (!viewer.centreId) throw notFound('centre');
  if (asked) assertCentre(viewer, asked);
  return viewer.centreId;
}

// ---- sessionChanged ------------------------------------------------------------------------------------------

/**
 * The centre a session subscription is narrowed to: a manager's own; a supervisor's own sessions are theirs
 * wherever they were held, so only a centre they name narrows them (and it must be their own); a social worker's
 * caseload is followed wherever it meets; an integrator's, the one it names.
 */
export function sessionEventsCentre(viewer: Viewer, asked: string | null | undefined): string | null {
  if (viewer.role === 'social_worker') return null;
  const followed = followedCentre(viewer, asked);
  return viewer.role === 'supervisor' ? (asked ?? null) : followed;
}

/** Whether a session subscription asks the viewer's readable children (the others' events carry what decides). */
export function sessionEventsNeedChildren(viewer: Viewer): boolean {
  return viewer.role === 'social_worker' || viewer.role === 'centre_manager';
}

/**
 * Whether a session's own event shows it to be current work for its centre (`isCurrentSession`, the twin of
 * `CURRENT_SESSION_SQL`). A child just booked at the centre passes at once, before the subscription's set is next
 * refreshed. An event without a readable end (never written so) is not current.
 */
export function isCurrentSessionEvent(
  e: { payload: { status?: unknown; endsAt?: unknown } },
  now: Date,
): boolean {
  const endsAt = typeof e.payload.endsAt === 'string' ? Date.parse(e.payload.endsAt) : NaN;
  return (
    Number.isFinite(endsAt) &&
    isCurrentSession({ status: String(e.payload.status), endsAt: new Date(endsAt) }, now)
  );
}

/** A session event reaches whoever `session(id)` would answer for that session (`maySeeSession`). */
export function maySeeSessionEvent(
  viewer: Viewer,
  e: LiveEventOf<'session'>,
  children: ReadableChildren,
  now: Date,
): boolean {
  switch (viewer.role) {
    case 'centre_manager':
      return (
        viewer.centreId !== null &&
        e.centreId === viewer.centreId &&
        (children.has(e.childId) || isCurrentSessionEvent(e, now))
      );
    case 'supervisor':
      return viewer.centreId !== null && staffsSession(viewer.userId, e.payload);
    case 'social_worker':
      return children.has(e.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

// ---- flagChanged ---------------------------------------------------------------------------------------------

/** The centre a flag subscription is narrowed to: none for a social worker's caseload, otherwise `followedCentre`. */
export function flagEventsCentre(viewer: Viewer, asked: string | null | undefined): string | null {
  return viewer.role === 'social_worker' ? null : followedCentre(viewer, asked);
}

/** Whether a flag subscription asks the viewer's readable children (the others' events carry what decides). */
export function flagEventsNeedChildren(viewer: Viewer): boolean {
  return viewer.role === 'social_worker' || viewer.role === 'supervisor';
}

/**
 * A flag event reaches whoever `flag(id)` would answer with the whole flag (`mayReadFlag`): the manager of the
 * flag's centre, the child's social worker, a supervisor of the child's sessions at their centre, the council's
 * integrations.
 */
export function maySeeFlagEvent(viewer: Viewer, e: LiveEventOf<'flag'>, children: ReadableChildren): boolean {
  switch (viewer.role) {
    case 'centre_manager':
      return viewer.centreId !== null && e.centreId === viewer.centreId;
    case 'supervisor':
      return viewer.centreId !== null && e.centreId === viewer.centreId && children.has(e.childId);
    case 'social_worker':
      return children.has(e.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

// ---- observationChanged --------------------------------------------------------------------------------------

/**
 * An observation record's step (started, submitted, returned, approved, final) or amendment reaches the manager of
 * the session's centre, for a child whose records they may read (`mayReadObservation`: the centre's current work),
 * as the desk lists them (docs/desk.md). It says which record, which child and the record's new status, never its
 * text. Supervisors and social workers read records through their own lists, not this subscription.
 */
export function maySeeObservationEvent(
  viewer: Viewer,
  e: LiveEventOf<'observation'>,
  children: ReadableChildren,
): boolean {
  return (
    viewer.role === 'centre_manager' &&
    viewer.centreId !== null &&
    e.centreId === viewer.centreId &&
    children.has(e.childId)
  );
}
