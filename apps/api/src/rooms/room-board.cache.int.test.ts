import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { countStatements } from '../../test/statements.js';

/**
 * Today's room boards are kept in memory and dropped by the event stream: a board read again costs only the
 * check of who is asking and the access log, and a change is on the board the moment it is committed, whichever
 * process committed it.
 */
let api: TestApi;
let token: string;
let centreId: string;

const BOARD = `query($c: ID!) { roomBoard(centreId: $c) {
  counts { free occupied needsTidying outOfService warnings }
  rooms { state room { id name condition conditionNote version } current { id status child { firstName } } next { id } }
} }`;

interface Board {
  counts: Record<string, number>;
  rooms: {
    state: string;
    room: { id: string; name: string; condition: string; conditionNote: string | null; version: number };
    current: { id: string } | null;
    next: { id: string } | null;
  }[];
}

async function board(): Promise<Board> {
  const r = await api.gql<{ roomBoard: Board }>(token, BOARD, { c: centreId });
  expect(r.errors).toBeUndefined();
  return r.data!.roomBoard;
}

const freeRoom = (b: Board) => b.rooms.find((r) => r.room.condition === 'READY' && r.state === 'FREE')!;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor(DEMO.manager);
  centreId = (await api.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
});
afterAll(() => api.close());

describe('the kept room board', () => {
  it('is read again from memory: only who is asking and the access log reach the database', async () => {
    const first = await countStatements(api, board);
    const firstBoard = await board();
    const again = await countStatements(api, async () => expect(await board()).toEqual(firstBoard));
    expect(first.length).toBeGreaterThan(again.length);
    expect(again).toHaveLength(2);
    expect(again.some((s) => /^insert into "?access_log"?/.test(s))).toBe(true);
  });

  it('shows a change made through the API at once', async () => {
    const room = freeRoom(await board()).room;
    const r = await api.gql(
      token,
      `mutation($r: ID!, $v: Int!) { setRoomCondition(roomId: $r, condition: NEEDS_TIDYING, expectedVersion: $v) { version } }`,
      { r: room.id, v: room.version },
    );
    expect(r.errors).toBeUndefined();
    const after = (await board()).rooms.find((x) => x.room.id === room.id)!;
    expect(after.room.condition).toBe('NEEDS_TIDYING');
    expect(after.state).toBe('NEEDS_TIDYING');
  });

  it('shows at once a change another process committed, before or after this one has read its event', async () => {
    const room = freeRoom(await board()).room;
    // What another API process writes: the change and its outbox event, in one transaction (one statement).
    await api.db.sql(
      `with changed as (
         update room set condition = 'out_of_service', condition_note = 'Window broken', version = version + 1
          where id = $1 returning council_id, centre_id, id)
       insert into event (council_id, centre_id, topic, kind, subject_id)
       select council_id, centre_id, 'room', 'condition', id from changed`,
      [room.id],
    );
    const after = (await board()).rooms.find((x) => x.room.id === room.id)!;
    expect(after.room).toMatchObject({ condition: 'OUT_OF_SERVICE', conditionNote: 'Window broken' });
    expect(after.state).toBe('OUT_OF_SERVICE');
  });
});
