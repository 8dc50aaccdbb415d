import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, type EmptyDatabase } from '../../test/machine-postgres.js';
import { startApiProcess, type ApiProcess } from '../../test/processes.js';
import { startPgBouncer, type PgBouncer } from '../../test/support/pgbouncer.js';
import { collect, wsClient } from '../../test/ws.js';
import { openOrm } from './orm.js';
import { loadDemoDataIfEmpty } from './seed/demo.js';

/**
 * Kinroom behind PgBouncer in transaction mode, as councils pool connections: DATABASE_URL goes through PgBouncer,
 * KINROOM_DATABASE_DIRECT_URL straight to PostgreSQL for what needs a session of its own.
 */

let db: EmptyDatabase;
let sql: pg.Pool;
let bouncer: PgBouncer;
let centreId: string;
let roomId: string;
const apis: ApiProcess[] = [];

const BOARD = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { kind subjectId } }`;

async function gql<T>(api: ApiProcess, token: string | null, query: string) {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function signIn(api: ApiProcess): Promise<string> {
  const r = await gql<{ signInAsDemoUser: { token: string } }>(
    api,
    null,
    'mutation { signInAsDemoUser(email: "priya.shah@coxford.example") { token } }',
  );
  return r.data!.signInAsDemoUser.token;
}

/** Twenty requests at once, each signed in (the sign-in check is a prepared read). */
function burst(api: ApiProcess, token: string) {
  return Promise.all(
    Array.from({ length: 20 }, () => gql<{ me: { id: string } }>(api, token, '{ me { id } }')),
  );
}

beforeAll(async () => {
  db = await emptyDatabase();
  const orm = await openOrm(db.url);
  try {
    await loadDemoDataIfEmpty(orm.em.fork(), new Date());
  } finally {
    await orm.close(true);
  }
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
  centreId = (await sql.query(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
  roomId = (await sql.query(`select id from room where centre_id = $1 and name = 'Birch'`, [centreId]))
    .rows[0].id;
  bouncer = await startPgBouncer(db.url, 2);
}, 120_000);

afterAll(async () => {
  for (const api of apis) await api.kill();
  await bouncer?.stop();
  await sql?.end();
  await db?.drop();
});

describe('behind PgBouncer in transaction mode', () => {
  it('serves queries, changes, subscriptions and the message queue with the direct URL set', async () => {
    const api = await startApiProcess(bouncer.url, {
      KINROOM_DATABASE_DIRECT_URL: db.url,
      KINROOM_MESSAGE_ENGINE: 'true',
    });
    apis.push(api);
    const token = await signIn(api);
    const client = wsClient(api.url, token);
    const board = collect<{ roomBoardChanged: { kind: string; subjectId: string } }>(client, BOARD, {
      c: centreId,
    });
    try {
      // The subscription is live once a first change reaches it; changes are made until one does.
      const { version } = (await sql.query('select version from room where id = $1', [roomId])).rows[0];
      const changed = await gql<{ setRoomCondition: { version: number } }>(
        api,
        token,
        `mutation { setRoomCondition(roomId: "${roomId}", condition: NEEDS_TIDYING, expectedVersion: ${version}) { version } }`,
      );
      expect(changed.errors).toBeUndefined();
      const [event] = await board.waitFor(1, 30_000);
      expect(event!.roomBoardChanged.subjectId).toBe(roomId);

      const answers = await burst(api, token);
      expect(answers.filter((a) => a.errors)).toEqual([]);
      // Many clients of PgBouncer, at most two connections of its own to PostgreSQL: the sharing is real.
      const { clients, servers, serverPorts } = await bouncer.counts();
      expect(servers).toBeLessThanOrEqual(2);
      expect(clients).toBeGreaterThan(servers);
      // The LISTEN holds a session of its own on PostgreSQL, not one of PgBouncer's.
      const listening = await sql.query<{ client_port: number }>(
        `select client_port from pg_stat_activity where datname = current_database() and query = 'listen kinroom_event'`,
      );
      expect(listening.rows).toHaveLength(1);
      expect(serverPorts).not.toContain(listening.rows[0]!.client_port);

      // The message engine planned the change through the queue (pg-boss on the direct URL).
      const deadline = Date.now() + 60_000;
      let planned = 0;
      while (planned === 0 && Date.now() < deadline) {
        planned = (
          await sql.query(
            `select count(*)::int as n from pgboss.job where name = 'message-plan' and state = 'completed'`,
          )
        ).rows[0].n;
        if (planned === 0) await new Promise((r) => setTimeout(r, 500));
      }
      expect(planned).toBeGreaterThan(0);
    } finally {
      board.stop();
      await client.dispose();
    }
  }, 120_000);

  it('without the direct URL, a request that fails says which setting is missing, and its client sees no internals', async () => {
    const api = await startApiProcess(bouncer.url, { KINROOM_MIGRATE_ON_START: 'false' });
    apis.push(api);
    const token = await signIn(api);
    let failed: { message: string; extensions?: { code?: string } } | undefined;
    for (let round = 0; round < 20 && !failed; round += 1) {
      failed = (await burst(api, token)).find((a) => a.errors)?.errors?.[0];
    }
    expect(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']).toContain(failed?.extensions?.code);
    expect(failed?.message).not.toMatch(/prepared|KINROOM_|pooler/i);
    expect(api.output()).toContain('so KINROOM_DATABASE_DIRECT_URL must be set');
  }, 120_000);
});
