import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupByKeys } from '../common/group.js';
import { Session } from '../sessions/session.entity.js';
import { FlagAcknowledgement, FlagEscalation } from './flag.entity.js';

/**
 * Per-operation batches for flags: one statement each for the acknowledgements, the escalations and the rooms of the
 * sessions of a page.
 */
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
    /** The room of each session a flag arose in (the flag's council was checked when the flag was read). */
    roomOfFlagSession: new DataLoader<string, string | null>(async (sessionIds) => {
      const rows = await em.find(Session, { id: { $in: [...sessionIds] } }, { fields: ['id', 'roomId'] });
      const rooms = new Map(rows.map((r) => [r.id, r.roomId]));
      return sessionIds.map((id) => rooms.get(id) ?? null);
    }),
  };
}
