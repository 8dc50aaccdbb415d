import type { EntityManager } from '@mikro-orm/postgresql';
import { canReadChild } from '../access/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { SafeguardingFlag } from './flag.entity.js';

/**
 * Who may see a flag (DOMAIN.md rules 10 and 11): the centre's manager and supervisors (the people in the rooms),
 * the child's social worker, and the council's integrations. Admins manage users, not children's records.
 */
export async function mayReadFlag(
  em: EntityManager,
  viewer: Viewer,
  f: Pick<SafeguardingFlag, 'councilId' | 'centreId' | 'childId'>,
): Promise<boolean> {
  if (f.councilId !== viewer.councilId) return false;
  switch (viewer.role) {
    case 'centre_manager':
    case 'supervisor':
      return viewer.centreId === f.centreId;
    case 'social_worker':
      return canReadChild(em, viewer, f.childId);
    case 'integrator':
      return true;
    case 'admin':
      return false;
  }
}

/** Acknowledging, escalating and resolving are for the child's social worker and the centre's manager. */
export async function mayHandleFlag(
  em: EntityManager,
  viewer: Viewer,
  f: Pick<SafeguardingFlag, 'councilId' | 'centreId' | 'childId'>,
): Promise<boolean> {
  if (f.councilId !== viewer.councilId) return false;
  if (viewer.role === 'centre_manager') return viewer.centreId === f.centreId;
  if (viewer.role === 'social_worker') return canReadChild(em, viewer, f.childId);
  return false;
}
