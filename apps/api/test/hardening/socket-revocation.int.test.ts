import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ACCESS_RECHECK_MS } from '../../src/server/websocket/people.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { sleep, until } from '../ws.js';

/**
 * The authorization matrix's case of a person who loses access while a WebSocket they opened before is still open:
 * deactivated, given another role, moved to another centre or another council. HTTP reads who is asking on every
 * request; a socket must too, for every operation it is sent, and its live subscriptions must stop within seconds,
 * whether or not it sends anything.
 */

let api: TestApi;
let centreId: string;
let councilId: string;
/** A second centre of the same council, for a manager who moves. */
let otherCentreId: string;
let otherCouncilId: string;
/** Staff rows as they were before a test changed them, put back after it. */
const changed: { id: string; council_id: string; centre_id: string | null; role: string; active: boolean }[] =
  [];

const BOARD = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor subjectId } }`;
const ME = `query { me { id role centreId councilId } }`;

beforeAll(async () => {
  api = await startTestApi();
  const centre = (await api.db.sql(`select id, council_id from centre where name like 'Coxford Road%'`))
    .rows[0];
  centreId = centre.id;
  councilId = centre.council_id;
  otherCentreId = randomUUID();
  await api.db.sql(
    `insert into centre (id, council_id, name, address, opening_hours)
     select $1, council_id, 'Coxford Annexe', '2 Annexe Lane', opening_hours from centre where id = $2`,
    [otherCentreId, centreId],
  );
  otherCouncilId = (await api.db.sql(`select council_id from centre where name like 'Eastmoor%'`)).rows[0]
    .council_id;
});
afterAll(() => api.close());
afterEach(async () => {
  for (const row of changed.splice(0)) {
    await api.db.sql(
      'update staff_user set council_id = $2, centre_id = $3, role = $4, active = $5 where id = $1',
      [row.id, row.council_id, row.centre_id, row.role, row.active],
    );
  }
});

async function userOf(email: string) {
  const row = (
    await api.db.sql('select id, council_id, centre_id, role, active from staff_user where email = $1', [
      email,
    ])
  ).rows[0] as (typeof changed)[number];
  changed.push(row);
  return row;
}

/** A room event for the centre, written as any change is (an outbox row); returns its subject. */
async function roomEvent(): Promise<string> {
  const subject = randomUUID();
  await api.db.sql(
    `insert into event (council_id, centre_id, topic, kind, subject_id) values ($1, $2, 'room', 'condition_changed', $3)`,
    [councilId, centreId, subject],
  );
  return subject;
}

interface Received {
  id?: string;
  type: string;
  payload?: { data?: Record<string, { subjectId?: string }>; errors?: unknown[] } | unknown[];
}

/** A raw graphql-transport-ws socket, signed in with `token`, keeping everything the server sends. */
async function signedInSocket(token: string) {
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const received: Received[] = [];
  let code: number | null = null;
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (c) => {
      code = c;
      resolve(c);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Received;
      if (m.type === 'connection_ack') resolve();
      else received.push(m);
    });
    void closed.then((c) => reject(new Error(`closed with ${c} before the acknowledgement`)));
  });
  const send = (id: string, query: string, variables: Record<string, unknown> = {}) =>
    ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  return {
    ws,
    closed,
    code: () => code,
    received,
    send,
    /** The subjects of the live events received under `id`. */
    events: (id: string) =>
      received
        .filter((m) => m.id === id && m.type === 'next')
        .map((m) => {
          const data = (m.payload as { data?: Record<string, { subjectId?: string }> }).data ?? {};
          return Object.values(data)[0]?.subjectId;
        }),
  };
}

type Socket = Awaited<ReturnType<typeof signedInSocket>>;

/** The code `s` is closed with within `ms`, or 'still open'. */
function closeCode(s: Socket, ms = 15_000): Promise<number | 'still open'> {
  return Promise.race([s.closed, sleep(ms).then(() => 'still open' as const)]);
}

/** Follows the centre's board on `s` and proves the subscription live with one event. */
async function followBoard(s: Socket): Promise<void> {
  const before = api.server.hub.size;
  s.send('board', BOARD, { c: centreId });
  await until('the subscription to be live', () => api.server.hub.size > before);
  const proof = await roomEvent();
  await until('the proof event', () => s.events('board').includes(proof));
}

interface Change {
  what: string;
  email: string;
  /** Changes the person's row; `id` is theirs. */
  apply(id: string): Promise<unknown>;
  /** How HTTP answers the same token afterwards. */
  http: 'UNAUTHENTICATED' | 'answers';
}

const CHANGES: Change[] = [
  {
    what: 'deactivated',
    email: DEMO.manager,
    apply: (id) => api.db.sql('update staff_user set active = false where id = $1', [id]),
    http: 'UNAUTHENTICATED',
  },
  {
    what: 'given another role',
    email: DEMO.manager,
    apply: (id) => api.db.sql(`update staff_user set role = 'supervisor' where id = $1`, [id]),
    http: 'UNAUTHENTICATED',
  },
  {
    what: 'moved to another centre',
    email: DEMO.manager,
    apply: (id) => api.db.sql('update staff_user set centre_id = $2 where id = $1', [id, otherCentreId]),
    // HTTP reads the new centre on every request; the socket was signed in for the old one.
    http: 'answers',
  },
  {
    what: 'moved to another council',
    email: DEMO.integrator,
    apply: (id) =>
      api.db.sql('update staff_user set council_id = $2, centre_id = null where id = $1', [
        id,
        otherCouncilId,
      ]),
    http: 'UNAUTHENTICATED',
  },
];

describe('authorization matrix: a WebSocket opened before its person lost access', () => {
  for (const change of CHANGES) {
    it(`refuses the next query, and stops the live subscription at once, of a person ${change.what}`, async () => {
      const token = await api.tokenFor(change.email);
      const user = await userOf(change.email);
      const bystander = await signedInSocket(await api.tokenFor(DEMO.supervisor1));
      const s = await signedInSocket(token);
      await followBoard(s);
      const hubBefore = api.server.hub.size;

      await change.apply(user.id);
      s.send('q', ME);

      // Closed as a token is when it expires: the client must sign in again, as who they are now.
      expect(await closeCode(s)).toBe(4403);
      expect(s.received.filter((m) => m.id === 'q')).toEqual([]);
      await until('the subscription to end', () => api.server.hub.size === hubBefore - 1);
      const after = await roomEvent();
      await sleep(300);
      expect(s.events('board')).not.toContain(after);

      // Only that person's sockets: someone else's stays open and answers.
      expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
      bystander.send('me', ME);
      await until('the bystander’s answer', () => bystander.received.some((m) => m.id === 'me'));
      bystander.ws.close();

      const http = await api.gql(token, ME);
      if (change.http === 'UNAUTHENTICATED')
        expect(http.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      else expect(http.data).toMatchObject({ me: { id: user.id } });
    });

    it(`closes with 4403 within seconds, and stops its subscription, the socket of a person ${change.what} that only listens`, async () => {
      const token = await api.tokenFor(change.email);
      const user = await userOf(change.email);
      const s = await signedInSocket(token);
      const second = await signedInSocket(token);
      await followBoard(s);
      const hubBefore = api.server.hub.size;

      await change.apply(user.id);
      const closedWithin = await Promise.race([
        Promise.all([s.closed, second.closed]),
        // Generous: the recheck runs every ACCESS_RECHECK_MS; a slow machine may take a few rounds.
        sleep(ACCESS_RECHECK_MS * 5 + 10_000).then(() => null),
      ]);
      expect(closedWithin).toEqual([4403, 4403]);
      expect(api.server.hub.size).toBe(hubBefore - 1);
      const after = await roomEvent();
      await sleep(300);
      expect(s.events('board')).not.toContain(after);
    });
  }

  it('refuses a mutation on the socket of a person deactivated, and changes nothing', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const user = await userOf(DEMO.manager);
    const room = (
      await api.db.sql(`select id, version, condition from room where centre_id = $1 order by name limit 1`, [
        centreId,
      ])
    ).rows[0] as { id: string; version: number; condition: string };
    const s = await signedInSocket(token);

    await api.db.sql('update staff_user set active = false where id = $1', [user.id]);
    s.send(
      'm',
      `mutation($r: ID!, $v: Int!) { setRoomCondition(roomId: $r, condition: NEEDS_TIDYING, expectedVersion: $v, note: "x") { version } }`,
      { r: room.id, v: room.version },
    );

    expect(await closeCode(s)).toBe(4403);
    expect(s.received.filter((m) => m.id === 'm')).toEqual([]);
    const now = (await api.db.sql('select version, condition from room where id = $1', [room.id])).rows[0];
    expect(now).toEqual({ version: room.version, condition: room.condition });
  });

  it('closes the older socket of a person who signs in again with another role', async () => {
    const user = await userOf(DEMO.manager);
    const old = await signedInSocket(await api.tokenFor(DEMO.manager));
    await api.db.sql(`update staff_user set role = 'supervisor' where id = $1`, [user.id]);
    const r = await api.gql<{ signInAsDemoUser: { token: string } }>(
      null,
      'mutation($e: String!) { signInAsDemoUser(email: $e) { token } }',
      { e: DEMO.manager },
    );
    const fresh = await signedInSocket(r.data!.signInAsDemoUser.token);
    // Closed by the new sign-in itself, before the fresh socket was acknowledged: not left to the next recheck.
    await sleep(100);
    expect(old.code()).toBe(4403);
    fresh.send('me', ME);
    await until('the answer', () => fresh.received.some((m) => m.id === 'me'));
    expect(fresh.received.find((m) => m.id === 'me')?.payload).toMatchObject({
      data: { me: { id: user.id, role: 'SUPERVISOR' } },
    });
    fresh.ws.close();
    await fresh.closed;
  });
});
