import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Attendance } from '../sessions/session.entity.js';
import { Child } from '../people/child.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import { Centre } from '../centres/centre.entity.js';
import { agreementLoaders } from '../agreements/agreement.loaders.js';
import { observationLoaders } from '../observations/observation.loaders.js';
import { flagLoaders } from '../safeguarding/flag.loaders.js';
import { attendanceLoaders } from '../sessions/attendance.loaders.js';
import { seriesLoaders } from '../sessions/series.loaders.js';

type WithId = { id: string; councilId: string };

function byId<T extends WithId>(em: EntityManager, entity: new () => T, councilId: () => string | null) {
  return new DataLoader<string, T | null>(async (ids) => {
    const council = councilId();
    if (!council) return ids.map(() => null);
    const rows = (await em.find(
      entity as never,
      { id: { $in: [...ids] }, councilId: council } as never,
    )) as T[];
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/**
 * Per-operation batch loaders: a page of sessions asks for its rooms, supervisors and children in one statement
 * each, whatever the page size. Always scoped to the viewer's council.
 */
export function createLoaders(em: EntityManager, councilId: () => string | null) {
  return {
    room: byId(em, Room, councilId),
    staff: byId(em, StaffUser, councilId),
    child: byId(em, Child, councilId),
    agreement: byId(em, ContactAgreement, councilId),
    centre: byId(em, Centre, councilId),
    attendanceBySession: new DataLoader<string, Attendance | null>(async (sessionIds) => {
      const rows = await em.find(Attendance, { sessionId: { $in: [...sessionIds] } });
      const map = new Map(rows.map((r) => [r.sessionId, r]));
      return sessionIds.map((id) => map.get(id) ?? null);
    }),
    ...agreementLoaders(em, councilId),
    ...observationLoaders(em),
    ...flagLoaders(em),
    ...attendanceLoaders(em, councilId),
    ...seriesLoaders(em, councilId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
