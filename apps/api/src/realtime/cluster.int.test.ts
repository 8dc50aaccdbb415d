import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoDataIfEmpty } from '../db/seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { startApiProcess, type ApiProcess } from '../../test/processes.js';
import { collect, sleep, wsClient } from '../../test/ws.js';
import type { Client } from 'graphql-ws';

/**
 * Several API processes share nothing but PostgreSQL: a change made through any one reaches the subscribers of
 * all, and a client whose process dies resumes on another from its last cursor without losing or repeating events.
 */

let db: TestDatabase;
let procs: ApiProcess[] = [];
let centreId: string;
let roomId: string;
let token: string;

const BOARD = `subscription($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { cursor kind subjectId } }`;

async function gql<T>(url: string, query: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Toggles the room between tidy and needing tidying: one committed change, one event. */
async function change(url: string, version: number, i: number): Promise<number> {
  const condition = i % 2 === 0 ? 'NEEDS_TIDYING' : 'READY';
  const r = await gql<{ setRoomCondition: { version: number } }>(
    url,
    `mutation { setRoomCondition(roomId: "${roomId}", condition: ${condition}, expectedVersion: ${version}) { version } }`,
  );
  return r.setRoomCondition.version;
}

/** A subscriber that, when its process goes away, resubscribes on the next process with the last cursor it saw. */
function resilientSubscriber(start: number) {
  const cursors: string[] = [];
  const history: string[] = [];
  let client: Client | null = null;
  let index = start;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    if (alive.length === 0) return;
    const proc = alive[index % alive.length]!;
    const after = cursors.at(-1) ?? null;
    history.push(`subscribe to ${proc.url} after ${after}`);
    const mine = wsClient(proc.url, token);
    client = mine;
    mine.subscribe<{ roomBoardChanged: { cursor: string } }>(
      { query: BOARD, variables: { c: centreId, after } },
      {
        next: (v) => {
          if (client !== mine) return; // a stale connection's late message is not this subscriber's stream
          if (v.data) cursors.push(v.data.roomBoardChanged.cursor);
          if (v.errors) history.push(`errors ${JSON.stringify(v.errors)}`);
        },
        error: (e) => {
          if (client !== mine) return;
          history.push(`error ${String((e as { code?: number }).code ?? e)} after ${cursors.at(-1)}`);
          index += 1;
          void mine.dispose();
          setTimeout(open, 50);
        },
        complete: () => {
          if (client === mine && !stopped) history.push(`completed by the server after ${cursors.at(-1)}`);
        },
      },
    );
  };
  return {
    cursors,
    history,
    start: (after: string) => {
      cursors.push(after);
      open();
    },
    stop: () => {
      stopped = true;
      void client?.dispose();
    },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemoDataIfEmpty(db.orm.em.fork(), new Date());
  centreId = (await db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
  roomId = (await db.sql(`select id from room where centre_id = $1 and name = 'Birch'`, [centreId])).rows[0]
    .id;
  procs = await Promise.all([0, 1, 2].map(() => startApiProcess(db.url)));
  const signIn = await fetch(`${procs[0]!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation { signInAsDemoUser(email: "priya.shah@coxford.example") { token } }',
    }),
  });
  token = ((await signIn.json()) as { data: { signInAsDemoUser: { token: string } } }).data.signInAsDemoUser
    .token;
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  await db.drop();
});

const roomVersion = async () =>
  (await db.sql('select version from room where id = $1', [roomId])).rows[0].version as number;

describe('several API processes on one database', () => {
  it('delivers a change made through any one process to subscribers of all three', async () => {
    const clients = procs.map((p) => wsClient(p.url, token));
    const subs = clients.map((c) =>
      collect<{ roomBoardChanged: { subjectId: string } }>(c, BOARD, { c: centreId }),
    );
    await sleep(500);
    let version = await roomVersion();
    for (const via of procs) {
      version = await change(via.url, version, version);
    }
    for (const s of subs) {
      const got = await s.waitFor(3);
      expect(got.map((g) => g.roomBoardChanged.subjectId)).toEqual([roomId, roomId, roomId]);
    }
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('loses nothing and repeats nothing when a process is killed in the middle of 500 changes', async () => {
    const head = (await db.sql('select max(id)::text as id from event')).rows[0].id as string;
    const subscribers = [0, 1, 2, 3, 4, 5].map((i) => resilientSubscriber(i));
    subscribers.forEach((s) => s.start(head));
    await sleep(800);
    let version = await roomVersion();
    for (let i = 0; i < 500; i++) {
      if (i === 150) await procs[2]!.kill('SIGKILL');
      version = await change(procs[i % 2]!.url, version, i);
    }
    const expected = (
      await db.sql(
        'select e.id::text as id from event e where e.id > $1 and e.centre_id = $2 order by e.id',
        [head, centreId],
      )
    ).rows.map((r) => r.id);
    expect(expected).toHaveLength(500);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && subscribers.some((s) => s.cursors.length < 501)) await sleep(200);
    for (const s of subscribers) {
      const got = s.cursors.slice(1);
      if (got.join() !== expected.join()) console.error(`subscriber history:\n  ${s.history.join('\n  ')}`);
      expect(got).toEqual(expected);
    }
    subscribers.forEach((s) => s.stop());
  }, 120_000);
});
