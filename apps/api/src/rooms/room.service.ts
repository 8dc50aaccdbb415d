import { formatLondonTime } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMaySetRoomCondition } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { recordEvent } from '../realtime/event-log.js';
import { OCCUPYING_STATUSES, Session } from '../sessions/session.entity.js';
import { Room, type RoomCondition } from './room.entity.js';

const MAX_NOTE = 500;

export interface SetRoomConditionInput {
  roomId: string;
  condition: RoomCondition;
  note: string | null;
  expectedVersion: number;
}

/** The event a condition change writes; the room board (and, later, its in-memory copy) is rebuilt from it. */
function conditionEvent(
  tx: EntityManager,
  room: { id: string; councilId: string; centreId: string },
  change: {
    previous: RoomCondition | null;
    condition: RoomCondition;
    note: string | null;
    version: number;
    changedAt: Date;
    changedById: string | null;
    sessionId?: string | null;
  },
): void {
  recordEvent(tx, {
    councilId: room.councilId,
    centreId: room.centreId,
    childId: null,
    topic: 'room',
    kind: 'condition_changed',
    subjectId: room.id,
    payload: {
      roomId: room.id,
      previousCondition: change.previous,
      condition: change.condition,
      conditionNote: change.note,
      version: change.version,
      changedAt: change.changedAt.toISOString(),
      changedById: change.changedById,
      ...(change.sessionId ? { sessionId: change.sessionId } : {}),
    },
  });
}

/** Staff setting a room's condition: tidied, needs tidying, out of service. */
export class RoomService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async setCondition(input: SetRoomConditionInput): Promise<Room> {
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_NOTE) throw badInput(`The note is longer than ${MAX_NOTE} characters.`);
    if (input.condition === 'out_of_service' && !note) {
      throw badInput('Say why the room is out of service, so colleagues know when it can be used again.', {
        field: 'note',
      });
    }
    if (!isUuid(input.roomId)) throw notFound('room');
    return this.em.transactional(async (tx) => {
      const room = await tx.findOne(
        Room,
        { id: input.roomId, councilId: this.viewer.councilId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!room) throw notFound('room');
      assertMaySetRoomCondition(this.viewer, room, input.condition);
      if (room.version !== input.expectedVersion) {
        throw new KinroomError(
          'STALE_VERSION',
          `${room.name} was changed by someone else: reload it and try again.`,
          { currentVersion: room.version },
        );
      }
      if (input.condition === 'out_of_service') await this.assertNotHeld(tx, room);
      const previous = room.condition;
      Object.assign(room, {
        condition: input.condition,
        conditionNote: note,
        conditionChangedAt: this.now,
        conditionChangedById: this.viewer.userId,
      });
      await tx.flush();
      conditionEvent(tx, room, {
        previous,
        condition: room.condition,
        note,
        version: room.version,
        changedAt: this.now,
        changedById: this.viewer.userId,
      });
      await tx.flush();
      return room;
    });
  }

  private async assertNotHeld(tx: EntityManager, room: Room): Promise<void> {
    const holding = await tx.findOne(
      Session,
      { roomId: room.id, councilId: room.councilId, status: { $in: [...OCCUPYING_STATUSES] } },
      { orderBy: { startsAt: 'asc' } },
    );
    if (holding) {
      throw new KinroomError(
        'ROOM_OCCUPIED',
        `${room.name} is in use by a session booked until ${formatLondonTime(holding.endsAt)}: take it out of service once the session has ended.`,
        { sessionId: holding.id },
      );
    }
  }
}

/**
 * A room that was ready needs tidying once a session in it ends. Call it inside the transaction that ends the
 * session (the session service's `end` step), so that the change and its event commit with the session's end.
 * A room out of service stays out of service, and one already marked keeps its earlier time. Written as one
 * conditional UPDATE rather than a versioned entity write, so that a concurrent condition change can never make
 * ending a session fail. Returns whether the room changed.
 */
export async function markRoomNeedsTidying(
  tx: EntityManager,
  roomId: string,
  councilId: string,
  centreId: string,
  context: { at?: Date; sessionId?: string | null } = {},
): Promise<boolean> {
  const at = context.at ?? new Date();
  const rows = await tx.execute<{ version: number }[]>(
    `update room
        set condition = 'needs_tidying', condition_note = null, condition_changed_at = ?,
            condition_changed_by_id = null, version = version + 1
      where id = ? and council_id = ? and centre_id = ? and condition = 'ready'
      returning version`,
    [at, roomId, councilId, centreId],
  );
  const row = rows[0];
  if (!row) return false;
  // A copy of the room already loaded in this transaction would now hold a stale version and fail its next flush.
  const loaded = tx.getUnitOfWork().getById(Room, roomId);
  if (loaded) await tx.refresh(loaded);
  conditionEvent(
    tx,
    { id: roomId, councilId, centreId },
    {
      previous: 'ready',
      condition: 'needs_tidying',
      note: null,
      version: row.version,
      changedAt: at,
      changedById: null,
      sessionId: context.sessionId ?? null,
    },
  );
  return true;
}
