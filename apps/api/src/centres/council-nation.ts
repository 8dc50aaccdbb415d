import type { BankHolidayNation } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../common/errors.js';
import { Council } from './centre.entity.js';

/** Whose bank holidays a council's centres keep, for the rules that skip or count them (docs/set-up.md). */
export async function councilNation(em: EntityManager, councilId: string): Promise<BankHolidayNation> {
  const council = await em.findOne(Council, { id: councilId });
  if (!council) throw notFound('council');
  return council.bankHolidayNation;
}
