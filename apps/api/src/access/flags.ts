import type { FlagCategory, FlagSeverity } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { canReadChild, childScopeSql, staffsSession } from './children.js';

/** A flag as the rules below read it. */
export interface FlagParties {
  councilId: string;
  centreId: string;
  childId: string;
}

/**
 * Who may read a whole flag, its description included (docs/domain.md rules 10 and 11; docs/access.md):
 * - the manager of the flag's centre, who must see it handled;
 * - a supervisor at the flag's centre, for a child of their own sessions (as supervisor or second staff, at any
 *   time): the people who were in the room with the child; not the centre's other supervisors, who have no part
 *   in the child's work;
 * - the child's social worker, and the council's integrations.
 * Admins manage users, not children's records. A live event follows the same rule (`maySeeFlagEvent`).
 */
export async function mayReadFlag(em: EntityManager, viewer: Viewer, f: FlagParties): Promise<boolean> {
  if (f.councilId !== viewer.councilId) return false;
  switch (viewer.role) {
    case 'centre_manager':
      return viewer.centreId !== null && viewer.centreId === f.centreId;
    case 'supervisor':
      return (
        viewer.centreId !== null && viewer.centreId === f.centreId && canReadChild(em, viewer, f.childId)
      );
    case 'social_worker':
      return canReadChild(em, viewer, f.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

/** Acknowledging, escalating and resolving are for the child's social worker and the centre's manager. */
export async function mayHandleFlag(em: EntityManager, viewer: Viewer, f: FlagParties): Promise<boolean> {
  if (f.councilId !== viewer.councilId) return false;
  if (viewer.role === 'centre_manager') return viewer.centreId !== null && viewer.centreId === f.centreId;
  if (viewer.role === 'social_worker') return canReadChild(em, viewer, f.childId);
  return false;
}

/**
 * What everyone working at a centre may know of the flags about a child on site today, whoever they are: that a
 * flag still being handled says there is an abduction risk or a danger now (these categories, or these severities),
 * with the child's first name and initial, the category, the severity and the room (`siteAlerts`). Never the
 * description, the outcome or who said what: that is the whole flag, read by `mayReadFlag` alone.
 */
/**
 * Which of a centre's flags a member of its staff reads in full: a supervisor only those of the children of their own
 * sessions (the child ids returned), a manager all of them (null).
 */
export async function centreFlagChildren(em: EntityManager, viewer: Viewer): Promise<string[] | null> {
  if (viewer.role !== 'supervisor') return null;
  const scope = childScopeSql(viewer);
  if (!scope) return [];
  const rows = await em.getConnection().execute<{ child_id: string }[]>(scope.sql, scope.params);
  return [...new Set(rows.map((r) => r.child_id))];
}

/**
 * The session a flag may be said to have arisen in: for a manager, one at their centre; for anyone else, one they run
 * or are second member of staff on.
 */
export function mayRaiseFlagIn(
  viewer: Viewer,
  s: { centreId: string; supervisorId: string; secondStaffId: string | null },
): boolean {
  return viewer.role === 'centre_manager' ? s.centreId === viewer.centreId : staffsSession(viewer.userId, s);
}

export const SITE_ALERT_CATEGORIES: readonly FlagCategory[] = ['abduction_attempt'];
export const SITE_ALERT_SEVERITIES: readonly FlagSeverity[] = ['critical'];
