import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { collect, sleep, wsClient } from '../../test/ws.js';

let api: TestApi;
let centreId: string;

const BOARD = `subscription($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { cursor topic kind subjectId status roomId } }`;
const SESSIONS = `subscription($after: String) { sessionChanged(after: $after) { cursor kind subjectId childId status } }`;
const STEP = `mutation($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { id version status } }`;

async function scheduledSessionOf(firstName: string) {
  const r = await api.db.sql(
    `select s.id, s.version, u.email from session s join child c on c.id = s.child_id join staff_user u on u.id = s.supervisor_id
      where c.first_name = $1 and s.status = 'scheduled' and s.starts_at > now() order by s.starts_at limit 1`,
    [firstName],
  );
  return r.rows[0] as { id: string; version: number; email: string };
}

/**
 * One of the child's booked sessions whose time has come, so that its steps can be recorded: the next one is moved
 * a month back, before anything of the demo week, as if nobody had recorded it then.
 */
async function dueSessionOf(firstName: string) {
  const s = await scheduledSessionOf(firstName);
  const r = await api.db.sql(
    `update session set starts_at = starts_at - interval '30 days', ends_at = ends_at - interval '30 days'
      where id = $1 returning version`,
    [s.id],
  );
  return { ...s, version: r.rows[0].version as number };
}

beforeAll(async () => {
  api = await startTestApi();
  centreId = (await api.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
});
afterAll(() => api.close());

describe('live subscriptions over graphql-ws', () => {
  it('delivers a change to the manager’s board and to the child’s social worker, not to another caseload', async () => {
    const manager = wsClient(api.url, await api.tokenFor(DEMO.manager));
    const sw1 = wsClient(api.url, await api.tokenFor(DEMO.socialWorker1)); // Maisie's social worker
    const sw3 = wsClient(api.url, await api.tokenFor(DEMO.socialWorker3));
    const board = collect(manager, BOARD, { c: centreId });
    const mine = collect(sw1, SESSIONS);
    const others = collect(sw3, SESSIONS);
    await sleep(300);
    const s = await dueSessionOf('Maisie');
    const sup = await api.tokenFor(s.email);
    const r = await api.gql(sup, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_PARENT_ARRIVAL' },
    });
    expect(r.errors).toBeUndefined();
    const [b] = await board.waitFor(1);
    expect(b).toMatchObject({
      roomBoardChanged: {
        topic: 'session',
        kind: 'record_parent_arrival',
        subjectId: s.id,
        status: 'parent_arrived',
      },
    });
    const [m] = await mine.waitFor(1);
    expect(m).toMatchObject({ sessionChanged: { subjectId: s.id, kind: 'record_parent_arrival' } });
    await sleep(500);
    expect(others.items).toHaveLength(0);
    for (const c of [manager, sw1, sw3]) await c.dispose();
  });

  it('replays what a client missed after its last cursor, then continues live, with no gap and no duplicate', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const first = wsClient(api.url, token);
    const live = collect<{ roomBoardChanged: { cursor: string; subjectId: string } }>(first, BOARD, {
      c: centreId,
    });
    await sleep(300);
    const s = await dueSessionOf('Leo');
    const sup = await api.tokenFor(s.email);
    const a = await api.gql<{ recordSessionStep: { version: number } }>(sup, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_PARENT_ARRIVAL' },
    });
    const [seen] = await live.waitFor(1);
    await first.dispose();
    // While disconnected: two more changes.
    const b = await api.gql<{ recordSessionStep: { version: number } }>(sup, STEP, {
      input: {
        sessionId: s.id,
        expectedVersion: a.data!.recordSessionStep.version,
        step: 'RECORD_CHILD_ARRIVAL',
      },
    });
    await api.gql(sup, STEP, {
      input: { sessionId: s.id, expectedVersion: b.data!.recordSessionStep.version, step: 'START' },
    });
    const again = wsClient(api.url, token);
    const resumed = collect<{ roomBoardChanged: { cursor: string; kind: string } }>(again, BOARD, {
      c: centreId,
      after: seen!.roomBoardChanged.cursor,
    });
    const got = await resumed.waitFor(2);
    expect(got.map((g) => g.roomBoardChanged.kind)).toEqual(['record_child_arrival', 'start']);
    const cursors = got.map((g) => BigInt(g.roomBoardChanged.cursor));
    expect(cursors[0]! > BigInt(seen!.roomBoardChanged.cursor)).toBe(true);
    expect(cursors[1]! > cursors[0]!).toBe(true);
    await sleep(300);
    expect(resumed.items).toHaveLength(2);
    await again.dispose();
  });

  it('sends nothing for a refused change', async () => {
    const before = (await api.db.sql('select max(id)::text as id from event')).rows[0].id;
    const s = await scheduledSessionOf('Poppy');
    const sup = await api.tokenFor(s.email);
    const r = await api.gql(sup, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'END' },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('SESSION_ILLEGAL_TRANSITION');
    expect((await api.db.sql('select max(id)::text as id from event')).rows[0].id).toBe(before);
  });

  it('closes the socket with 4403 without a valid token', async () => {
    for (const token of [null, 'not-a-token']) {
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
        ws.on('open', () =>
          ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { token } : {} })),
        );
        ws.on('close', (c) => resolve(c));
      });
      expect(code).toBe(4403);
    }
  });

  it('refuses a browser page from another origin', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
        origin: 'https://evil.example',
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('does not let a supervisor follow a centre’s board', async () => {
    const c = wsClient(api.url, await api.tokenFor(DEMO.supervisor1));
    const sub = collect(c, BOARD, { c: centreId });
    await expect(sub.waitFor(1, 3000)).rejects.toThrow(/FORBIDDEN/);
    await c.dispose();
  });
});
