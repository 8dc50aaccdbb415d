import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { canReadChild } from './children.js';

/** An agreement as the rules below read it (of the viewer's council: callers load it within their council). */
export interface AgreementParties {
  councilId: string;
  centreId: string;
  childId: string;
}

/**
 * Who reads a contact agreement: the child's social worker; the manager of the agreement's centre while the child has
 * current work there (a draft alone is not current work: access/children.ts); the council's integrations.
 */
export async function mayReadAgreement(
  em: EntityManager,
  viewer: Viewer,
  a: AgreementParties,
): Promise<boolean> {
  switch (viewer.role) {
    case 'social_worker':
      return canReadChild(em, viewer, a.childId);
    case 'centre_manager':
      return a.centreId === viewer.centreId && canReadChild(em, viewer, a.childId);
    case 'integrator':
      return a.councilId === viewer.councilId;
    case 'supervisor':
    case 'admin':
      return false;
  }
}

/**
 * Who changes a contact agreement (creates, signs, reviews, ends it): only the child's social worker
 * (docs/domain.md, "Who uses it"). Anyone else is told the agreement does not exist.
 */
export async function mayChangeAgreement(
  em: EntityManager,
  viewer: Viewer,
  a: Pick<AgreementParties, 'childId'>,
): Promise<boolean> {
  return viewer.role === 'social_worker' && canReadChild(em, viewer, a.childId);
}
