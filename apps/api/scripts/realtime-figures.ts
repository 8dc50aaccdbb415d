/**
 * Prints the realtime figures for one API process: event-to-client latency (p50 / p95 / p99) for N graphql-ws
 * subscribers, and the statements that read the event log per event (which must not grow with subscribers).
 *   pnpm --filter @kinroom/api figures:realtime [subscribers=1000] [events=50]
 * Starts its own embedded PostgreSQL and API process. Figures are printed here, never asserted by a timed test.
 */
import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { openOrm } from '../src/db/orm.js';
import { loadDemoDataIfEmpty } from '../src/db/seed/demo.js';
import { startApiProcess } from '../test/processes.js';
import { wsClient } from '../test/ws.js';

const subscribers = Number(process.argv[2] ?? 1000);
const events = Number(process.argv[3] ?? 50);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const dir = await mkdtemp(join(tmpdir(), 'kinroom-figures-'));
await chmod(dir, 0o755);
const postgres = await startEmbeddedPostgres(dir);
const admin = new pg.Client({ connectionString: postgres.url('postgres') });
await admin.connect();
await admin.query('create database kinroom');
await admin.end();
const url = postgres.url('kinroom');
const orm = await openOrm(url);
await loadDemoDataIfEmpty(orm.em.fork(), new Date());
await orm.close();
// Every subscriber is the same manager: the caps per person are raised to let them all in.
const api = await startApiProcess(url, {
  KINROOM_LOG_LEVEL: 'error',
  KINROOM_SOCKETS_PER_PERSON: String(subscribers),
  KINROOM_SUBSCRIPTIONS_PER_PERSON: String(subscribers),
});
const db = new pg.Client({ connectionString: url });
await db.connect();

try {
  const sign = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation { signInAsDemoUser(email: "priya.shah@coxford.example") { token } }',
    }),
  });
  const token = ((await sign.json()) as { data: { signInAsDemoUser: { token: string } } }).data
    .signInAsDemoUser.token;
  const centreId = (await db.query(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
  const roomId = (await db.query(`select id from room where centre_id = $1 and name = 'Birch'`, [centreId]))
    .rows[0].id;

  const latencies: number[] = [];
  let received = 0;
  const clients = [];
  for (let i = 0; i < subscribers; i++) {
    const c = wsClient(api.url, token);
    clients.push(c);
    c.subscribe<{ roomBoardChanged: { occurredAt: string } }>(
      {
        query: `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor occurredAt } }`,
        variables: { c: centreId },
      },
      {
        next: (v) => {
          received += 1;
          if (v.data) latencies.push(Date.now() - Date.parse(v.data.roomBoardChanged.occurredAt));
        },
        error: () => {},
        complete: () => {},
      },
    );
  }
  await new Promise((r) => setTimeout(r, 2000 + subscribers * 2));
  const scans = async () =>
    Number(
      (
        await db.query(
          `select coalesce(idx_scan, 0) + coalesce(seq_scan, 0) as n from pg_stat_user_tables where relname = 'event'`,
        )
      ).rows[0].n,
    );
  await db.query('select pg_stat_clear_snapshot()');
  const before = await scans();
  for (let i = 0; i < events; i++) {
    const version = (await db.query('select version from room where id = $1', [roomId])).rows[0].version;
    await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { setRoomCondition(roomId: "${roomId}", condition: ${i % 2 ? 'READY' : 'NEEDS_TIDYING'}, expectedVersion: ${version}) { version } }`,
      }),
    });
    await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = Date.now() + 30_000;
  while (received < subscribers * events && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500));
  await db.query('select pg_stat_clear_snapshot()');
  const reads = (await scans()) - before;
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `subscribers: ${subscribers}, events: ${events}, deliveries: ${received} of ${subscribers * events}`,
  );
  console.log(
    `event-to-client latency ms: p50 ${percentile(sorted, 50)}  p95 ${percentile(sorted, 95)}  p99 ${percentile(sorted, 99)}`,
  );
  console.log(
    `event-log reads per event: ${(reads / events).toFixed(2)} (wake-ups plus the 1 s catch-up tick; independent of subscribers)`,
  );
  await Promise.all(clients.map((c) => c.dispose()));
} finally {
  await db.end();
  await api.kill();
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
}
