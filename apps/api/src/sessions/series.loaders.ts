import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Session } from './session.entity.js';

/** Per-operation batches for series: the sessions of every series on a page in one statement, in time order. */
export function seriesLoaders(em: EntityManager, councilId: () => string | null) {
  return {
    sessionsBySeries: new DataLoader<string, string[]>(async (seriesIds) => {
      const council = councilId();
      if (!council) return seriesIds.map(() => []);
      const rows = await em.find(
        Session,
        { seriesId: { $in: [...seriesIds] }, councilId: council },
        { orderBy: { startsAt: 'asc', id: 'asc' }, fields: ['id', 'seriesId'] },
      );
      const bySeries = new Map<string, string[]>();
      for (const r of rows) {
        if (r.seriesId) bySeries.set(r.seriesId, [...(bySeries.get(r.seriesId) ?? []), r.id]);
      }
      return seriesIds.map((id) => bySeries.get(id) ?? []);
    }),
  };
}
