import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Council } from '../centres/centre.entity.js';
import { notFound } from '../common/errors.js';

/** The settings a council's admin sets for the whole council, one at a time. */
export type CouncilSetting = 'messageLanguages' | 'bankHolidayNation';

/** The viewer's own council. */
export async function viewersCouncil(em: EntityManager, viewer: Viewer): Promise<Council> {
  const council = await em.findOne(Council, { id: viewer.councilId });
  if (!council) throw notFound('council');
  return council;
}

/**
 * Sets one council-wide setting (the caller has checked the viewer administers and the value is valid), in the change
 * log when it changes anything; setting what is already set records nothing.
 */
export async function setCouncilSetting<K extends CouncilSetting>(
  em: EntityManager,
  viewer: Viewer,
  setting: K,
  value: Council[K],
): Promise<Council> {
  return em.transactional(async (tx) => {
    const council = await viewersCouncil(tx, viewer);
    const changes = fieldChanges({ [setting]: council[setting] }, { [setting]: value });
    if (Object.keys(changes).length > 0) {
      council[setting] = value;
      recordChange(tx, {
        councilId: council.id,
        recordType: 'council',
        recordId: council.id,
        action: 'updated',
        changedById: viewer.userId,
        via: viaOf(viewer),
        changes,
      });
      await tx.flush();
    }
    return council;
  });
}
