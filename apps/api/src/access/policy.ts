import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden, KinroomError, notFound } from '../common/errors.js';
import type { LiveEvent } from '../realtime/live-event.js';

/**
 * Need to know (docs/domain.md rule 11), decided in one place; docs/access.md says each rule in plain words. Roles gate
 * root fields; these rules decide which records a viewer may reach:
 * - a social worker: the children on their open caseload;
 * - a centre manager: the children with current work at their centre (`MANAGER_CURRENT_WORK_SQL`), and of those
 *   only what happened at their centre;
 * - a supervisor: the sessions they run (or are second staff on), and what those sessions need;
 * - an integrator: its council's records, without carers' identities;
 * - an admin: users, centres and the access log, not children's records.
 * A manager or supervisor without a centre reaches no child (the database refuses such an account anyway).
 * A refusal never says whether the record exists: it is NOT_FOUND, exactly as for a missing id.
 */

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new KinroomError('UNAUTHENTICATED', 'Sign in to do this.');
  return viewer;
}

/**
 * How long after a session ends it is still current work for its centre: the observation record is due within
 * 5 working days and reviewed after that, and a late absence notice or complaint arrives within days.
 */
export const RECENT_SESSION_DAYS = 14;

/**
 * A session (alias `s`) that is current work for its centre: not cancelled, and upcoming or ended less than
 * `RECENT_SESSION_DAYS` ago. Its TypeScript twin, for a session's own live event, is `isCurrentSessionEvent`
 * (policy.int.test.ts checks that they agree).
 */
export const CURRENT_SESSION_SQL = `s.status <> 'cancelled' and s.ends_at > now() - interval '${RECENT_SESSION_DAYS} days'`;

/**
 * The children with current work at a centre (its three `?` are the centre's id), for its manager:
 * - an agreement at the centre that is active or suspended (a draft is not work yet, an ended one is over);
 * - a session at the centre, not cancelled, that is upcoming or ended less than `RECENT_SESSION_DAYS` ago;
 * - a session at the centre whose observation record is not final yet (the centre still owes the report).
 * The TypeScript twin for one session's own event is `isCurrentSessionEvent`.
 *
 * `union all`, not `union`: a check of one child (`childReadableSql`) then looks the child up in each branch by its
 * index instead of listing the whole centre (at 1M sessions, 1 ms instead of 48). The bound on the start changes no
 * answer (no session lasts a day: booking refuses one longer than twice its agreement's length, at most 8 hours)
 * and lets the centre's sessions be read down their (centre, start) index; records not final are found through
 * their own index (migration 0006).
 */
export const MANAGER_CURRENT_WORK_SQL = `select a.child_id from contact_agreement a
   where a.centre_id = ? and a.status in ('active', 'suspended')
  union all
  select s.child_id from session s
   where s.centre_id = ? and ${CURRENT_SESSION_SQL}
     and s.starts_at > now() - interval '${RECENT_SESSION_DAYS + 1} days'
  union all
  select o.child_id from observation o join session s on s.id = o.session_id
   where s.centre_id = ? and o.status <> 'final'`;

/** SQL (with its parameters) that selects the child ids a viewer may read; null for a viewer who may read none. */
export function childScopeSql(viewer: Viewer): { sql: string; params: unknown[] } | null {
  switch (viewer.role) {
    case 'social_worker':
      return {
        sql: 'select child_id from child_case where social_worker_id = ? and closed_at is null',
        params: [viewer.userId],
      };
    case 'centre_manager':
      if (!viewer.centreId) return null;
      return { sql: MANAGER_CURRENT_WORK_SQL, params: [viewer.centreId, viewer.centreId, viewer.centreId] };
    case 'integrator':
      return { sql: 'select id from child where council_id = ?', params: [viewer.councilId] };
    case 'supervisor':
      if (!viewer.centreId) return null;
      return {
        sql: 'select child_id from session where supervisor_id = ? or second_staff_id = ?',
        params: [viewer.userId, viewer.userId],
      };
    case 'admin':
      return null;
  }
}

/**
 * The one centre whose sessions a viewer sees of a child's history: a manager only their own centre's (what
 * happened elsewhere is another centre's work), everyone else every centre's (null).
 */
export function historyCentre(viewer: Viewer): string | null {
  return viewer.role === 'centre_manager' ? viewer.centreId : null;
}

/**
 * SQL for "the viewer may read this child", as a boolean expression (`exists (...)`) with its parameters; null for a
 * viewer who may read no child's record. For a check made on its own, or inside a larger statement.
 */
export function childReadableSql(viewer: Viewer, childId: string): { sql: string; params: unknown[] } | null {
  const scope = childScopeSql(viewer);
  if (!scope) return null;
  return {
    sql: `exists (select 1 from child where id = ? and council_id = ? and id in (${scope.sql}))`,
    params: [childId, viewer.councilId, ...scope.params],
  };
}

/** Whether the viewer may read this child's record at all. */
export async function canReadChild(em: EntityManager, viewer: Viewer, childId: string): Promise<boolean> {
  const readable = childReadableSql(viewer, childId);
  if (!readable) return false;
  const [row] = await em
    .getConnection()
    .execute<{ ok: boolean }[]>(`select ${readable.sql} as ok`, readable.params);
  return row?.ok === true;
}

export async function assertCanReadChild(em: EntityManager, viewer: Viewer, childId: string): Promise<void> {
  if (!(await canReadChild(em, viewer, childId))) throw notFound('child');
}

/** Of these child ids, the ones the viewer may read. */
export async function readableChildIds(
  em: EntityManager,
  viewer: Viewer,
  childIds: readonly string[],
): Promise<Set<string>> {
  const scope = childScopeSql(viewer);
  if (!scope || childIds.length === 0) return new Set();
  const rows = await em
    .getConnection()
    .execute<{ id: string }[]>(
      `select id from child where id = any(array[?]::uuid[]) and council_id = ? and id in (${scope.sql})`,
      [childIds, viewer.councilId, ...scope.params],
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * A manager or supervisor works at one centre; integrators and admins see every centre of their council. `what` is
 * the record asked for (a room of another centre is refused as a room that does not exist, not as a centre).
 */
export function assertCentre(viewer: Viewer, centreId: string, what = 'centre'): void {
  if (viewer.role === 'centre_manager' || viewer.role === 'supervisor') {
    if (viewer.centreId !== centreId) throw notFound(what);
  }
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

/**
 * A manager reads a session's record (the session, its attendance, its observation) when it is at their own centre
 * and about a child with current work there: exactly the sessions their view of the child's history shows. Other
 * roles are decided by their own rules (session.service.ts, observation.policy.ts).
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
 * Correcting a session's recorded outcome is for the manager of the session's centre alone (docs/sessions.md): the
 * person answerable for the centre's record, not whoever recorded the absence.
 */
export function mayCorrectAttendance(viewer: Viewer, s: { centreId: string }): boolean {
  return viewer.role === 'centre_manager' && viewer.centreId === s.centreId;
}

/**
 * How much of a child's carers a viewer receives (docs/domain.md rule 11), once they may read the child's record:
 * - the child's social worker: everything (they place the child and arrange the transport, rule 5);
 * - the manager of a centre where the child has current work: the carer's name and telephone, to hand the child
 *   over and to call at once if something happens in a session, but never where the child lives: nobody at a
 *   contact centre takes a child home, and the address is what an abduction needs;
 * - everyone else: nothing (integrations never receive carers).
 */
export type CarerAccess = 'full' | 'contact' | 'none';

export function carerAccess(viewer: Viewer): CarerAccess {
  switch (viewer.role) {
    case 'social_worker':
      return 'full';
    case 'centre_manager':
      return 'contact';
    default:
      return 'none';
  }
}

export function assertRole(viewer: Viewer, ...roles: Viewer['role'][]): void {
  if (!roles.includes(viewer.role)) throw forbidden();
}

/**
 * What a viewer's answers can depend on: two viewers with the same scope see the same records. A manager's centre,
 * an integrator's or an admin's council; a supervisor's and a social worker's records are their own. Live updates
 * are executed once for all the subscribers who share a scope, the same operation and the same variables.
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

// Live events. No account may see more through a subscription than through a query: each filter asks the rule of
// the query that reads the same record, on what the event carries, with the viewer's readable children kept in a
// set (`childScopeSql`, refreshed by the subscription).

/** The children a viewer may read, as a subscription holds them. */
export interface ReadableChildren {
  has(childId: string | null): boolean;
}

/**
 * Whether a session's own event shows it to be current work for its centre, as `MANAGER_CURRENT_WORK_SQL` counts
 * a session: not cancelled, and ended less than `RECENT_SESSION_DAYS` ago (or not yet). A child just booked at the
 * centre passes at once, before the subscription's set is next refreshed.
 */
export function isCurrentSessionEvent(e: LiveEvent, now: Date): boolean {
  const endsAt = typeof e.payload.endsAt === 'string' ? Date.parse(e.payload.endsAt) : NaN;
  return (
    e.payload.status !== 'cancelled' &&
    Number.isFinite(endsAt) &&
    endsAt > now.getTime() - RECENT_SESSION_DAYS * 86_400_000
  );
}

/** A session event reaches whoever `session(id)` would answer for that session. */
export function maySeeSessionEvent(
  viewer: Viewer,
  e: LiveEvent,
  children: ReadableChildren,
  now: Date,
): boolean {
  if (e.topic !== 'session') return false;
  switch (viewer.role) {
    case 'centre_manager':
      return (
        viewer.centreId !== null &&
        e.centreId === viewer.centreId &&
        (children.has(e.childId) || isCurrentSessionEvent(e, now))
      );
    case 'supervisor':
      return (
        viewer.centreId !== null &&
        (e.payload.supervisorId === viewer.userId || e.payload.secondStaffId === viewer.userId)
      );
    case 'social_worker':
      return children.has(e.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

/**
 * A flag event reaches whoever `flag(id)` would answer with the whole flag (safeguarding/flag.policy.ts): the
 * manager of the flag's centre, the child's social worker, a supervisor of the child's sessions at their centre,
 * the council's integrations.
 */
export function maySeeFlagEvent(viewer: Viewer, e: LiveEvent, children: ReadableChildren): boolean {
  if (e.topic !== 'flag') return false;
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
