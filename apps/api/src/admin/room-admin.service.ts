import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { Room } from '../rooms/room.entity.js';
import { RoomService } from '../rooms/room.service.js';
import { isUniqueViolation, requiredText, wholeNumber } from './admin.checks.js';
import type { RoomInput, RoomUpdateInput } from './room-admin.inputs.js';

const MAX_NAME = 100;
const MAX_FACILITY = 100;
const MAX_FACILITIES = 30;

function logged(r: Room): Record<string, unknown> {
  return {
    centreId: r.centreId,
    name: r.name,
    capacity: r.capacity,
    facilities: r.facilities,
    condition: r.condition,
    conditionNote: r.conditionNote,
  };
}

/**
 * An admin creating and changing the council's rooms. Taking a room out of service, or bringing it back, is the
 * rooms' own condition change (rooms/room.service.ts); every change is in the change log and, as a `room` event,
 * reaches the centre's room board at once.
 */
export class RoomAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    assertAdministers(viewer);
  }

  async create(input: RoomInput): Promise<Room> {
    if (!isUuid(input.centreId)) throw notFound('centre');
    const fields = {
      name: requiredText('name', 'room’s name', input.name, MAX_NAME),
      capacity: capacity(input.capacity),
      facilities: facilities(input.facilities),
    };
    return this.uniqueName(() =>
      this.em.transactional(async (tx) => {
        const centre = await tx.findOne(Centre, { id: input.centreId, councilId: this.viewer.councilId });
        if (!centre) throw notFound('centre');
        await this.assertNameFree(tx, centre.id, fields.name, null);
        const room = make(Room, { councilId: this.viewer.councilId, centreId: centre.id, ...fields });
        tx.persist(room);
        await tx.flush();
        this.log(tx, room, 'created', fieldChanges({}, logged(room)));
        this.event(tx, room, 'created');
        await tx.flush();
        return room;
      }),
    );
  }

  async update(roomId: string, input: RoomUpdateInput): Promise<Room> {
    if (!isUuid(roomId)) throw notFound('room');
    const name = input.name != null ? requiredText('name', 'room’s name', input.name, MAX_NAME) : null;
    const size = input.capacity != null ? capacity(input.capacity) : null;
    const offers = input.facilities != null ? facilities(input.facilities) : null;
    return this.uniqueName(() =>
      this.em.transactional(async (tx) => {
        const room = await tx.findOne(Room, { id: roomId, councilId: this.viewer.councilId });
        if (!room) throw notFound('room');
        const before = logged(room);
        if (input.outOfService != null)
          await this.setService(tx, room, input.outOfService, input.outOfServiceNote);
        if (name !== null && name !== room.name) {
          await this.assertNameFree(tx, room.centreId, name, room.id);
          room.name = name;
        }
        if (size !== null) room.capacity = size;
        if (offers !== null) room.facilities = offers;
        const changes = fieldChanges(before, logged(room));
        if (Object.keys(changes).length === 0) return room;
        await tx.flush();
        this.log(tx, room, 'updated', changes);
        this.event(tx, room, 'updated', before.condition as Room['condition']);
        await tx.flush();
        return room;
      }),
    );
  }

  /** Out of service or back, through the rooms' own rule (ROOM_OCCUPIED, the note it needs, its event). */
  private async setService(tx: EntityManager, room: Room, out: boolean, note: string | null | undefined) {
    const inService = room.condition !== 'out_of_service';
    if (out === !inService) return;
    await new RoomService(tx, this.viewer, this.now).setCondition({
      roomId: room.id,
      condition: out ? 'out_of_service' : 'ready',
      note: out ? (note ?? null) : null,
      expectedVersion: room.version,
    });
    await tx.refresh(room);
  }

  private async assertNameFree(tx: EntityManager, centreId: string, name: string, self: string | null) {
    const rows = await tx.execute<{ id: string }[]>(
      `select id from room where centre_id = ? and lower(name) = lower(?) ${self ? 'and id <> ?' : ''} limit 1`,
      [centreId, name, ...(self ? [self] : [])],
    );
    if (rows.length > 0) throw nameTaken(name);
  }

  /** Two admins naming two rooms alike at once: the database's unique name decides, with the same answer. */
  private async uniqueName<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err, 'room_centre_id_name_key')) throw nameTaken(null);
      throw err;
    }
  }

  private log(tx: EntityManager, room: Room, action: string, changes: Record<string, [unknown, unknown]>) {
    recordChange(tx, {
      councilId: room.councilId,
      recordType: 'room',
      recordId: room.id,
      action,
      changedById: this.viewer.userId,
      via: viaOf(this.viewer),
      changes,
    });
  }

  /** The room's board drops what it kept and its subscribers hear of it (realtime/event-log.ts, `room`). */
  private event(tx: EntityManager, room: Room, kind: 'created' | 'updated', previous?: Room['condition']) {
    recordEvent(tx, {
      councilId: room.councilId,
      centreId: room.centreId,
      childId: null,
      topic: 'room',
      kind,
      subjectId: room.id,
      payload: {
        roomId: room.id,
        previousCondition: previous ?? null,
        condition: room.condition,
        conditionNote: room.conditionNote,
        version: room.version,
        changedAt: this.now.toISOString(),
        changedById: this.viewer.userId,
        name: room.name,
        capacity: room.capacity,
        facilities: [...room.facilities],
      },
    });
  }
}

function nameTaken(name: string | null): Error {
  return conflict(
    name ? `The centre already has a room called ${name}.` : 'The centre already has a room with that name.',
    'name',
  );
}

function capacity(value: number): number {
  return wholeNumber('capacity', 'capacity', value, 1, 100);
}

function facilities(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const f = v.trim();
    if (!f) continue;
    if (f.length > MAX_FACILITY) {
      throw badInput(`A facility is longer than ${MAX_FACILITY} characters.`, { field: 'facilities' });
    }
    if (!out.some((o) => o.toLowerCase() === f.toLowerCase())) out.push(f);
  }
  if (out.length > MAX_FACILITIES) {
    throw badInput(`A room lists at most ${MAX_FACILITIES} facilities.`, { field: 'facilities' });
  }
  return out;
}
