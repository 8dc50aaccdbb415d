import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';
import { assertCanReadChild } from './children.js';

/**
 * Who produces a child's court bundle (docs/court-bundle.md): the child's social worker, for a child on their open
 * caseload; NOT_FOUND for any other child, exactly as for an unknown one. Nobody else, whatever they may read of the
 * child: a manager sees only their own centre's sessions, so a bundle of theirs would not be the whole history a
 * court is given, and an integration reads the same history through the API. Their refusal (FORBIDDEN) is the same
 * for every child, so it says nothing about any of them.
 */
export async function assertMayProduceCourtBundle(
  em: EntityManager,
  viewer: Viewer,
  childId: string,
): Promise<void> {
  if (viewer.role !== 'social_worker' || viewer.apiKey) {
    throw forbidden('A court bundle is produced by the child’s social worker.');
  }
  return assertCanReadChild(em, viewer, childId);
}
