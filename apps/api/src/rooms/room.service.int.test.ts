import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, type Basics } from '../../test/fixtures.js';
import { markRoomNeedsTidying } from './room.service.js';
import { Room } from './room.entity.js';

let db: TestDatabase;
let b: Basics;
let other: Basics;
const AT = new Date('2026-03-11T17:05:00Z');

const roomRow = async (id: string) =>
  (
    await db.sql(
      'select condition, condition_note, condition_changed_at, condition_changed_by_id, version from room where id = $1',
      [id],
    )
  ).rows[0];
const roomEvents = async (id: string) =>
  (
    await db.sql(
      `select topic, kind, council_id, centre_id, child_id, payload from event where subject_id = $1 order by id`,
      [id],
    )
  ).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(db.orm.em.fork(), 'Tidy Council');
  other = await seedBasics(db.orm.em.fork(), 'Other Council');
});
afterAll(() => db.drop());

beforeEach(async () => {
  await db.sql(`update room set condition = 'ready', condition_note = null where council_id = any($1)`, [
    [b.council.id, other.council.id],
  ]);
});

describe('markRoomNeedsTidying (for the end of a session)', () => {
  it('marks a ready room as needing tidying, with its event, in the caller’s transaction', async () => {
    const room = b.rooms[0]!;
    const before = await roomRow(room.id);
    const changed = await db.orm.em
      .fork()
      .transactional((tx) =>
        markRoomNeedsTidying(tx, room.id, b.council.id, b.centre.id, { at: AT, sessionId: 'a-session' }),
      );
    expect(changed).toBe(true);
    expect(await roomRow(room.id)).toEqual({
      condition: 'needs_tidying',
      condition_note: null,
      condition_changed_at: AT,
      condition_changed_by_id: null,
      version: before.version + 1,
    });
    expect(await roomEvents(room.id)).toEqual([
      {
        topic: 'room',
        kind: 'condition_changed',
        council_id: b.council.id,
        centre_id: b.centre.id,
        child_id: null,
        payload: {
          roomId: room.id,
          previousCondition: 'ready',
          condition: 'needs_tidying',
          conditionNote: null,
          version: before.version + 1,
          changedAt: AT.toISOString(),
          changedById: null,
          sessionId: 'a-session',
        },
      },
    ]);
  });

  it('leaves a room that already needs tidying as it was, without an event', async () => {
    const room = b.rooms[1]!;
    await db.orm.em
      .fork()
      .transactional((tx) => markRoomNeedsTidying(tx, room.id, b.council.id, b.centre.id));
    const before = await roomRow(room.id);
    const events = (await roomEvents(room.id)).length;
    const changed = await db.orm.em
      .fork()
      .transactional((tx) => markRoomNeedsTidying(tx, room.id, b.council.id, b.centre.id, { at: AT }));
    expect(changed).toBe(false);
    expect(await roomRow(room.id)).toEqual(before);
    expect(await roomEvents(room.id)).toHaveLength(events);
  });

  it('never brings a room out of service back into use', async () => {
    const room = b.rooms[1]!;
    await db.sql(`update room set condition = 'out_of_service', condition_note = 'Flooded' where id = $1`, [
      room.id,
    ]);
    const before = await roomRow(room.id);
    const events = (await roomEvents(room.id)).length;
    const changed = await db.orm.em
      .fork()
      .transactional((tx) => markRoomNeedsTidying(tx, room.id, b.council.id, b.centre.id, { at: AT }));
    expect(changed).toBe(false);
    expect(await roomRow(room.id)).toEqual(before);
    expect(await roomEvents(room.id)).toHaveLength(events);
  });

  it('touches nothing when the room is not of that council and centre', async () => {
    const room = other.rooms[0]!;
    const before = await roomRow(room.id);
    for (const [council, centre] of [
      [b.council.id, other.centre.id],
      [other.council.id, b.centre.id],
    ] as const) {
      const changed = await db.orm.em
        .fork()
        .transactional((tx) => markRoomNeedsTidying(tx, room.id, council, centre, { at: AT }));
      expect(changed).toBe(false);
    }
    expect(await roomRow(room.id)).toEqual(before);
    expect(await roomEvents(room.id)).toEqual([]);
  });

  it('leaves no trace when the transaction that ends the session rolls back', async () => {
    const room = other.rooms[1]!;
    const before = await roomRow(room.id);
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        await markRoomNeedsTidying(tx, room.id, other.council.id, other.centre.id, { at: AT });
        throw new Error('the session could not end');
      }),
    ).rejects.toThrow('the session could not end');
    expect(await roomRow(room.id)).toEqual(before);
    expect(await roomEvents(room.id)).toEqual([]);
  });

  it('keeps a copy of the room loaded in the same transaction usable', async () => {
    const room = other.rooms[0]!;
    await db.orm.em.fork().transactional(async (tx) => {
      const loaded = await tx.findOneOrFail(Room, { id: room.id });
      await markRoomNeedsTidying(tx, room.id, other.council.id, other.centre.id, { at: AT });
      expect(loaded.condition).toBe('needs_tidying');
      loaded.capacity = 9;
    });
    expect(await roomRow(room.id)).toMatchObject({ condition: 'needs_tidying' });
    expect((await db.sql('select capacity from room where id = $1', [room.id])).rows[0].capacity).toBe(9);
  });
});
