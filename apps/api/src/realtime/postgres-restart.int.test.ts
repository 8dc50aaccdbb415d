import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownPostgresAndServer } from '../../test/own-postgres.js';
import { collect, sleep, wsClient } from '../../test/ws.js';

const own = ownPostgresAndServer({ KINROOM_DEV_SIGNIN: 'true' }, { demo: true });
let token: string;
let centreId: string;
let roomId: string;

const BOARD = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor kind } }`;

async function sql(text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: own.postgres.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function gql(
  query: string,
  auth = true,
): Promise<{
  data?: Record<string, { version?: number; token?: string }>;
  errors?: { extensions?: { code?: string } }[];
}> {
  const res = await fetch(`${own.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as never;
}

async function toggle(i: number): Promise<void> {
  const version = (await sql('select version from room where id = $1', [roomId]))[0].version;
  const r = await gql(
    `mutation { setRoomCondition(roomId: "${roomId}", condition: ${i % 2 ? 'READY' : 'NEEDS_TIDYING'}, expectedVersion: ${version}) { version } }`,
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

beforeAll(async () => {
  token = (await gql('mutation { signInAsDemoUser(email: "priya.shah@coxford.example") { token } }', false))
    .data!.signInAsDemoUser!.token!;
  centreId = (await sql(`select id from centre where name like 'Coxford Road%'`))[0].id;
  roomId = (await sql(`select id from room where centre_id = $1 and name = 'Birch'`, [centreId]))[0].id;
}, 120_000);

describe('a PostgreSQL restart under live subscriptions', () => {
  it('answers "temporarily unavailable" while the database is down, then recovers and loses no event', async () => {
    const client = wsClient(own.url, token);
    const sub = collect<{ roomBoardChanged: { cursor: string } }>(client, BOARD, { c: centreId });
    await sleep(300);
    await toggle(0);
    await sub.waitFor(1);

    await own.postgres.stop();
    const down = await gql(`{ serverStatus { status } }`);
    expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    await own.postgres.start();
    const deadline = Date.now() + 30_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = !(await gql(`{ serverStatus { status } }`)).errors;
      if (!recovered) await sleep(250);
    }
    expect(recovered).toBe(true);
    for (let i = 1; i <= 5; i++) await toggle(i);

    const expected = (
      await sql('select e.id::text as id from event e where e.centre_id = $1 order by e.id', [centreId])
    ).map((r) => r.id);
    const got = await sub.waitFor(6, 20_000);
    expect(got.map((g) => g.roomBoardChanged.cursor)).toEqual(expected.slice(-6));
    await client.dispose();
  }, 120_000);
});
