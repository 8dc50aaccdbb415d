import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createKinroomServer } from '../server/app.js';
import { DEMO, startTestApi, testEvidenceKeyFile, type TestApi } from '../../test/api.js';
import { wsClient } from '../../test/ws.js';

const TOKEN = 'prometheus-scrape-token-0123456789abcdef';
const BOARD_CENTRES = 'query BoardCentres{myCentres{id name __typename}}';
const FLAG_CHANGED =
  'subscription FlagChanged($after:String){flagChanged(after:$after){cursor kind subjectId status __typename}}';
const SIGN_IN =
  'mutation SignInAsDemoUser($email:String!){signInAsDemoUser(email:$email){token expiresAt user{id name role __typename}__typename}}';

let api: TestApi;
let manager: string;

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_METRICS_TOKEN: TOKEN } });
  manager = await api.tokenFor(DEMO.manager);
}, 120_000);
afterAll(() => api.close());

function scrape(authorization?: string, url = api.url): Promise<Response> {
  return fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
}

async function metrics(): Promise<string> {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.text();
}

/** A sample's value: the series named, with exactly these labels (in any order); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = (m[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (got === want) return Number(m[3]);
  }
  return undefined;
}

async function post(body: Record<string, unknown>, token: string | null = manager): Promise<unknown> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return res.json();
}

describe('/metrics', () => {
  it('is served only to the bearer of the metrics token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${manager}`)).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('is not served at all without a metrics token configured, and never answered by the dashboard', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      KINROOM_LOG_LEVEL: 'error',
      KINROOM_EVIDENCE_KEY: await testEvidenceKeyFile(),
    });
    const server = await createKinroomServer(config, api.db.orm);
    try {
      const url = `http://127.0.0.1:${await server.listen()}`;
      const res = await scrape(`Bearer ${TOKEN}`, url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/kinroom_|<html/i);
    } finally {
      await server.close();
    }
  });

  it('counts and times operations by trusted name and transport, and tells the live state', async () => {
    const before = await metrics();
    const count = (text: string, transport: string, operation: string, outcome: string) =>
      sample(text, 'kinroom_graphql_operations_total', { transport, operation, outcome }) ?? 0;

    await post({ query: BOARD_CENTRES, operationName: 'BoardCentres' });
    await post({ query: BOARD_CENTRES });
    // A trusted name on a document that fails validation: counted as an error under the same name.
    await post({ query: 'query BoardCentres { nope }' });
    // A name of the client's choosing (here a child's) is never a label.
    await post({ query: 'query MarigoldPenhallow { myCentres { id } }' });
    await post({ query: SIGN_IN, variables: { email: DEMO.supervisor1 } }, null);

    const client = wsClient(api.url, manager);
    const events: unknown[] = [];
    client.subscribe(
      { query: FLAG_CHANGED, operationName: 'FlagChanged' },
      { next: (v) => events.push(v), error: () => {}, complete: () => {} },
    );
    let after = '';
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      after = await metrics();
      if ((sample(after, 'kinroom_subscriptions_active') ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    expect(count(after, 'http', 'BoardCentres', 'ok') - count(before, 'http', 'BoardCentres', 'ok')).toBe(2);
    expect(
      count(after, 'http', 'BoardCentres', 'error') - count(before, 'http', 'BoardCentres', 'error'),
    ).toBe(1);
    expect(count(after, 'http', 'other', 'ok') - count(before, 'http', 'other', 'ok')).toBe(1);
    expect(
      count(after, 'http', 'SignInAsDemoUser', 'ok') - count(before, 'http', 'SignInAsDemoUser', 'ok'),
    ).toBe(1);
    expect(count(after, 'websocket', 'FlagChanged', 'ok')).toBe(1);
    expect(
      sample(after, 'kinroom_graphql_operation_seconds_count', {
        transport: 'http',
        operation: 'BoardCentres',
      }),
    ).toBe(count(after, 'http', 'BoardCentres', 'ok') + count(after, 'http', 'BoardCentres', 'error'));
    expect(sample(after, 'kinroom_websockets_open')).toBe(1);
    expect(sample(after, 'kinroom_subscriptions_active')).toBe(1);
    expect(sample(after, 'kinroom_event_stream_listening')).toBe(1);
    expect(sample(after, 'kinroom_event_stream_reads_total')).toBeGreaterThan(0);
    expect(sample(after, 'kinroom_event_stream_lag_events')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'kinroom_db_pool_connections', { pool: 'orm', state: 'idle' })).toBeGreaterThan(0);
    expect(sample(after, 'kinroom_db_pool_waiting', { pool: 'events' })).toBe(0);
    expect(sample(after, 'kinroom_messages_unsent', { status: 'queued' })).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'kinroom_process_resident_memory_bytes')).toBeGreaterThan(0);

    // No child's name anywhere, whatever the client called its operation.
    const children = (await api.db.sql('select first_name, last_name from child')).rows as {
      first_name: string;
      last_name: string;
    }[];
    expect(children.length).toBeGreaterThan(0);
    for (const name of ['MarigoldPenhallow', ...children.flatMap((c) => [c.first_name, c.last_name])]) {
      expect(after).not.toContain(name);
    }
    await client.dispose();
    expect(events).toEqual([]);
  });

  it('tells how far this process is behind the outbox, and that it no longer listens', async () => {
    const [room] = (
      await api.db.sql(
        `select r.id, r.version from room r join centre c on c.id = r.centre_id
          where c.name like 'Coxford Road%' and r.name = 'Birch'`,
      )
    ).rows as { id: string; version: number }[];
    // This process stops reading the outbox; another goes on writing to it.
    await api.server.events.stop();
    const changed = await api.gql(
      manager,
      `mutation($r: ID!, $v: Int!) { setRoomCondition(roomId: $r, condition: NEEDS_TIDYING, expectedVersion: $v) { version } }`,
      { r: room!.id, v: room!.version },
    );
    expect(changed.errors).toBeUndefined();
    const text = await metrics();
    expect(sample(text, 'kinroom_event_stream_lag_events')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'kinroom_event_stream_listening')).toBe(0);
  });
});
