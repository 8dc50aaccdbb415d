import type { ObservationStatus, SessionStatus } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgreementStatus } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';

/**
 * Who reaches a child's record (docs/domain.md rule 11; docs/access.md "Who reaches a child"):
 * - a social worker: the children on their open caseload;
 * - a centre manager: the children with current work at their centre, and of those only what happened there;
 * - a supervisor: the children of the sessions they run (or are second staff on);
 * - an integrator: its council's children, without carers' identities;
 * - an admin: none (they manage users, centres and the access log).
 * A manager or supervisor without a centre reaches no child (the database refuses such an account anyway).
 *
 * Each rule is written twice, beside each other: as SQL, to list or check children in the database, and as
 * TypeScript over rows already loaded (a live event, a loaded session). children.int.test.ts builds cases of every
 * kind and checks that both give the same answer for each.
 */

/**
 * How long after a session ends it is still current work for its centre: the observation record is due within
 * 5 working days and reviewed after that, and a late absence notice or complaint arrives within days.
 */
export const RECENT_SESSION_DAYS = 14;
const DAY_MS = 86_400_000;

/** An agreement that is current work for its centre: active or suspended (a draft is not work yet, an ended one is over). */
export const CURRENT_AGREEMENT_STATUSES: readonly AgreementStatus[] = ['active', 'suspended'];

// ---- A session that is current work --------------------------------------------------------------------------

/**
 * A session (alias `s`) that is current work for its centre: not cancelled, and upcoming or ended less than
 * `RECENT_SESSION_DAYS` ago. Its TypeScript twin is `isCurrentSession`.
 */
export const CURRENT_SESSION_SQL = `s.status <> 'cancelled' and s.ends_at > now() - interval '${RECENT_SESSION_DAYS} days'`;

/** The SQL twin is `CURRENT_SESSION_SQL`. */
export function isCurrentSession(s: { status: SessionStatus | string; endsAt: Date }, now: Date): boolean {
  return s.status !== 'cancelled' && s.endsAt.getTime() > now.getTime() - RECENT_SESSION_DAYS * DAY_MS;
}

// ---- A centre's current work with a child (a manager's children) ---------------------------------------------

/**
 * The children with current work at a centre (its three `?` are the centre's id), for its manager:
 * - an agreement at the centre that is active or suspended (`CURRENT_AGREEMENT_STATUSES`);
 * - a session at the centre that is current work (`CURRENT_SESSION_SQL`);
 * - a session at the centre whose observation record is not final yet (the centre still owes the report).
 * The TypeScript twin is `hasCurrentWork`.
 *
 * `union all`, not `union`: a check of one child (`childReadableSql`) then looks the child up in each branch by its
 * index instead of listing the whole centre (at 1M sessions, 1 ms instead of 48). The bound on the start changes no
 * answer (no session lasts a day: booking refuses one longer than twice its agreement's length, at most 8 hours)
 * and lets the centre's sessions be read down their (centre, start) index; records not final are found through
 * their own index (migration 0006).
 */
export const MANAGER_CURRENT_WORK_SQL = `select a.child_id from contact_agreement a
   where a.centre_id = ? and a.status in (${CURRENT_AGREEMENT_STATUSES.map((s) => `'${s}'`).join(', ')})
  union all
  select s.child_id from session s
   where s.centre_id = ? and ${CURRENT_SESSION_SQL}
     and s.starts_at > now() - interval '${RECENT_SESSION_DAYS + 1} days'
  union all
  select o.child_id from observation o join session s on s.id = o.session_id
   where s.centre_id = ? and o.status <> 'final'`;

/** A session of a child as the rules below read it, with its observation record's status when there is one. */
export interface SessionWork {
  centreId: string;
  status: SessionStatus | string;
  endsAt: Date;
  supervisorId: string;
  secondStaffId: string | null;
  observationStatus?: ObservationStatus | null;
}

/** What decides who may read one child's record: the child's council, open cases, agreements and sessions. */
export interface ChildWork {
  councilId: string;
  /** The social workers whose case of the child is open. */
  openCaseWorkerIds: readonly string[];
  agreements: readonly { centreId: string; status: AgreementStatus }[];
  sessions: readonly SessionWork[];
}

/** Whether `centreId` has current work with the child. The SQL twin is `MANAGER_CURRENT_WORK_SQL`. */
export function hasCurrentWork(
  centreId: string,
  work: Pick<ChildWork, 'agreements' | 'sessions'>,
  now: Date,
): boolean {
  return (
    work.agreements.some((a) => a.centreId === centreId && CURRENT_AGREEMENT_STATUSES.includes(a.status)) ||
    work.sessions.some(
      (s) =>
        s.centreId === centreId &&
        (isCurrentSession(s, now) || (s.observationStatus != null && s.observationStatus !== 'final')),
    )
  );
}

// ---- A supervisor's children ---------------------------------------------------------------------------------

/** The children of a supervisor's sessions (both `?` are the supervisor's id). The TypeScript twin is `staffsSession`. */
export const SUPERVISED_CHILDREN_SQL =
  'select child_id from session where supervisor_id = ? or second_staff_id = ?';

/** Whether `userId` runs the session or is its second member of staff. The SQL twin is `SUPERVISED_CHILDREN_SQL`. */
export function staffsSession(
  userId: string,
  s: { supervisorId?: unknown; secondStaffId?: unknown },
): boolean {
  return s.supervisorId === userId || s.secondStaffId === userId;
}

// ---- A social worker's children ------------------------------------------------------------------------------

/** A social worker's open caseload (its `?` is the social worker's id). The TypeScript twin is in `mayReadChildWork`. */
export const CASELOAD_SQL =
  'select child_id from child_case where social_worker_id = ? and closed_at is null';

// ---- Any viewer ----------------------------------------------------------------------------------------------

/** SQL (with its parameters) that selects the child ids a viewer may read; null for a viewer who may read none. */
export function childScopeSql(viewer: Viewer): { sql: string; params: unknown[] } | null {
  switch (viewer.role) {
    case 'social_worker':
      return { sql: CASELOAD_SQL, params: [viewer.userId] };
    case 'centre_manager':
      if (!viewer.centreId) return null;
      return { sql: MANAGER_CURRENT_WORK_SQL, params: [viewer.centreId, viewer.centreId, viewer.centreId] };
    case 'integrator':
      return { sql: 'select id from child where council_id = ?', params: [viewer.councilId] };
    case 'supervisor':
      if (!viewer.centreId) return null;
      return { sql: SUPERVISED_CHILDREN_SQL, params: [viewer.userId, viewer.userId] };
    case 'admin':
      return null;
  }
}

/**
 * SQL for "the viewer may read this child", as a boolean expression (`exists (...)`) with its parameters; null for a
 * viewer who may read no child's record. For a check made on its own, or inside a larger statement. The TypeScript
 * twin is `mayReadChildWork`.
 */
export function childReadableSql(viewer: Viewer, childId: string): { sql: string; params: unknown[] } | null {
  const scope = childScopeSql(viewer);
  if (!scope) return null;
  return {
    sql: `exists (select 1 from child where id = ? and council_id = ? and id in (${scope.sql}))`,
    params: [childId, viewer.councilId, ...scope.params],
  };
}

/** Whether the viewer may read a child's record, over the child's loaded rows. The SQL twin is `childReadableSql`. */
export function mayReadChildWork(viewer: Viewer, child: ChildWork, now: Date): boolean {
  if (child.councilId !== viewer.councilId) return false;
  switch (viewer.role) {
    case 'social_worker':
      return child.openCaseWorkerIds.includes(viewer.userId);
    case 'centre_manager':
      return viewer.centreId !== null && hasCurrentWork(viewer.centreId, child, now);
    case 'integrator':
      return true;
    case 'supervisor':
      return viewer.centreId !== null && child.sessions.some((s) => staffsSession(viewer.userId, s));
    case 'admin':
      return false;
  }
}

/** Whether the viewer may read this child's record at all (`childReadableSql`, asked of the database). */
export async function canReadChild(em: EntityManager, viewer: Viewer, childId: string): Promise<boolean> {
  const readable = childReadableSql(viewer, childId);
  if (!readable) return false;
  const [row] = await em
    .getConnection()
    .execute<{ ok: boolean }[]>(`select ${readable.sql} as ok`, readable.params);
  return row?.ok === true;
}

/** A child the viewer may not read is refused as one that does not exist. */
export async function assertCanReadChild(em: EntityManager, viewer: Viewer, childId: string): Promise<void> {
  if (!(await canReadChild(em, viewer, childId))) throw notFound('child');
}

// ---- What of a readable child's record a viewer sees ---------------------------------------------------------

/**
 * The one centre whose sessions a viewer sees of a child's history: a manager only their own centre's (what
 * happened elsewhere is another centre's work), everyone else every centre's (null).
 */
export function historyCentre(viewer: Viewer): string | null {
  return viewer.role === 'centre_manager' ? viewer.centreId : null;
}

/**
 * Which of a readable child's agreements the viewer reads: a manager those at their own centre (none without one),
 * social workers and integrations all of them, a supervisor none (a session's needs are on the session itself).
 */
export function agreementsShown(viewer: Viewer): { centreId: string } | 'all' | 'none' {
  switch (viewer.role) {
    case 'centre_manager':
      return viewer.centreId ? { centreId: viewer.centreId } : 'none';
    case 'supervisor':
      return 'none';
    default:
      return 'all';
  }
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
