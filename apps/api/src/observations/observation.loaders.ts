import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { ObservationAmendment } from './observation.entity.js';

/** Per-operation batches for observation records: one statement for the amendments of a whole page. */
export function observationLoaders(em: EntityManager) {
  return {
    amendmentsByObservation: new DataLoader<string, ObservationAmendment[]>(async (ids) => {
      const rows = await em.find(
        ObservationAmendment,
        { observationId: { $in: [...ids] } },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      const byObservation = new Map<string, ObservationAmendment[]>();
      for (const r of rows)
        byObservation.set(r.observationId, [...(byObservation.get(r.observationId) ?? []), r]);
      return ids.map((id) => byObservation.get(id) ?? []);
    }),
  };
}
