import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FlagAcknowledgement, FlagEscalation } from './flag.entity.js';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** Per-operation batches for flags: one statement each for the acknowledgements and escalations of a page. */
export function flagLoaders(em: EntityManager) {
  return {
    acknowledgementsByFlag: new DataLoader<string, FlagAcknowledgement[]>(async (ids) => {
      const rows = await em.find(
        FlagAcknowledgement,
        { flagId: { $in: [...ids] } },
        { orderBy: { acknowledgedAt: 'asc', id: 'asc' } },
      );
      const groups = groupBy(rows, (r) => r.flagId);
      return ids.map((id) => groups.get(id) ?? []);
    }),
    escalationsByFlag: new DataLoader<string, FlagEscalation[]>(async (ids) => {
      const rows = await em.find(
        FlagEscalation,
        { flagId: { $in: [...ids] } },
        { orderBy: { escalatedAt: 'asc', id: 'asc' } },
      );
      const groups = groupBy(rows, (r) => r.flagId);
      return ids.map((id) => groups.get(id) ?? []);
    }),
  };
}
