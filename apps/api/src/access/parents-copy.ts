import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';
import { canReadChild } from './children.js';
import { managerMayReadSessionRecord } from './sessions.js';

/**
 * How the viewer stands to the parents' copy of an observation record (docs/parents-copy.md), the record being of
 * their council and `centreId` its session's centre:
 * - `keeper`: the child's social worker, who decides what the parents may not read (they know the placement, the
 *   carers and the third parties in the child's life) and records each sharing. A copy goes out only from the person
 *   who checked it, so the record of a sharing is theirs alone;
 * - `reader`: the manager of the session's centre while the child has current work there, who reads the copy's
 *   state and chases what is due, but neither withholds nor records a sharing;
 * - null: anyone else, to whom the record's parents' copy is NOT_FOUND.
 * A social worker knows of the child's records that are not final yet (their caseload lists overdue reports), so
 * being told that one has no parents' copy yet tells them nothing new.
 */
export async function parentsCopyStanding(
  em: EntityManager,
  viewer: Viewer,
  o: { councilId: string; childId: string },
  centreId: string,
): Promise<'keeper' | 'reader' | null> {
  if (o.councilId !== viewer.councilId) return null;
  if (viewer.role === 'social_worker') return (await canReadChild(em, viewer, o.childId)) ? 'keeper' : null;
  if (await managerMayReadSessionRecord(em, viewer, { centreId, childId: o.childId })) return 'reader';
  return null;
}

/** Only the keeper of a parents' copy (the child's social worker) withholds from it and records its sharing. */
export function assertKeepsParentsCopy(standing: 'keeper' | 'reader'): void {
  if (standing !== 'keeper') {
    throw forbidden('Only the child’s social worker withholds from and shares the parents’ copy.');
  }
}
