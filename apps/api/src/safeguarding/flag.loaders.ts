import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupByKeys } from '../common/group.js';
import { FlagAcknowledgement, FlagEscalation } from './flag.entity.js';

/** Per-operation batches for flags: one statement each for the acknowledgements and escalations of a page. */
export function flagLoaders(em: EntityManager) {
  return {
    acknowledgementsByFlag: new DataLoader<string, FlagAcknowledgement[]>(async (ids) => {
      const rows = await em.find(
        FlagAcknowledgement,
        { flagId: { $in: [...ids] } },
        { orderBy: { acknowledgedAt: 'asc', id: 'asc' } },
      );
      return groupByKeys(ids, rows, (r) => r.flagId);
    }),
    escalationsByFlag: new DataLoader<string, FlagEscalation[]>(async (ids) => {
      const rows = await em.find(
        FlagEscalation,
        { flagId: { $in: [...ids] } },
        { orderBy: { escalatedAt: 'asc', id: 'asc' } },
      );
      return groupByKeys(ids, rows, (r) => r.flagId);
    }),
  };
}
