import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden, KinroomError, notFound } from '../common/errors.js';

/**
 * Need to know (DOMAIN.md rule 11), decided in one place. Roles gate root fields; these rules decide which records
 * a viewer may reach:
 * - a social worker: the children on their open caseload;
 * - a centre manager: the children with an agreement at their centre;
 * - a supervisor: the sessions they run (or are second staff on), and what those sessions need;
 * - an integrator: its council's records, without carers' identities;
 * - an admin: users, centres and the access log, not children's records.
 * A refusal never says whether the record exists: it is NOT_FOUND, exactly as for a missing id.
 */

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new KinroomError('UNAUTHENTICATED', 'Sign in to do this.');
  return viewer;
}

/** SQL (with one `?` for the viewer's id or centre) that selects the child ids a viewer may read. */
export function childScopeSql(viewer: Viewer): { sql: string; params: unknown[] } | null {
  switch (viewer.role) {
    case 'social_worker':
      return {
        sql: 'select child_id from child_case where social_worker_id = ? and closed_at is null',
        params: [viewer.userId],
      };
    case 'centre_manager':
      return { sql: 'select child_id from contact_agreement where centre_id = ?', params: [viewer.centreId] };
    case 'integrator':
      return { sql: 'select id from child where council_id = ?', params: [viewer.councilId] };
    case 'supervisor':
      return {
        sql: 'select child_id from session where supervisor_id = ? or second_staff_id = ?',
        params: [viewer.userId, viewer.userId],
      };
    case 'admin':
      return null;
  }
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

/** A manager or supervisor works at one centre; integrators and admins see every centre of their council. */
export function assertCentre(viewer: Viewer, centreId: string): void {
  if (viewer.role === 'centre_manager' || viewer.role === 'supervisor') {
    if (viewer.centreId !== centreId) throw notFound('centre');
  }
}

/** Carers' identity and address reach only the child's social worker and the centre's manager (rule 11). */
export function mayReadCarer(viewer: Viewer): boolean {
  return viewer.role === 'social_worker' || viewer.role === 'centre_manager';
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
