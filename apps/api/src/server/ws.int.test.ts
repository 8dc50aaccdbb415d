import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signToken } from '../auth/tokens.js';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { until } from '../../test/ws.js';

/** Short, so that a dead client is found within a test; what is asserted is the outcome, never how fast. */
const KEEP_ALIVE_MS = 600;
const BOARD = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor kind subjectId } }`;

let api: TestApi;
let centreId: string;

beforeAll(async () => {
  api = await startTestApi({ keepAliveMs: KEEP_ALIVE_MS });
  centreId = (await api.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
});
afterAll(() => api.close());

/** A raw socket signed in with `token`; `closed` settles with the close code the client sees. */
async function signedInSocket(token: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', options);
  let code: number | null = null;
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (c) => {
      code = c;
      resolve(c);
    }),
  );
  let pings = 0;
  ws.on('ping', () => (pings += 1));
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
    });
    void closed.then((c) => reject(new Error(`closed with ${c} before the acknowledgement`)));
  });
  return {
    ws,
    closed,
    code: () => code,
    pings: () => pings,
    subscribe: (id: string) =>
      ws.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query: BOARD, variables: { c: centreId } } }),
      ),
  };
}

describe('WebSocket keep-alive and sign-in expiry', () => {
  it('drops a socket whose client stops answering pings, with its subscription, and keeps one that answers', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const hub = api.server.hub;
    const before = hub.size;
    const answering = await signedInSocket(token);
    const silent = await signedInSocket(token, { autoPong: false });
    answering.subscribe('a');
    silent.subscribe('s');
    await until('both subscriptions to be live', () => hub.size === before + 2);

    await silent.closed;
    // Terminated, not closed with a handshake: the client saw no close frame.
    expect(silent.code()).toBe(1006);
    await until('the dropped socket’s subscription to end', () => hub.size === before + 1);

    // Still pinged and still answering: the socket that pongs is kept.
    const pinged = answering.pings();
    await until('the answering socket to be pinged again', () => answering.pings() > pinged);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    expect(answering.code()).toBeNull();
    answering.ws.close();
    await answering.closed;
    await until('the answering socket’s subscription to end', () => hub.size === before);
  });

  it('closes every socket signed in with a token with 4403 when it expires, and not one signed in with another', async () => {
    const user = (
      await api.db.sql('select id, council_id, role from staff_user where email = $1', [DEMO.manager])
    ).rows[0] as { id: string; council_id: string; role: 'centre_manager' };
    const claims = { userId: user.id, councilId: user.council_id, role: user.role };
    const shortLived = await signToken(claims, api.config.jwtSecret, 2);
    const longLived = await signToken(claims, api.config.jwtSecret, 3600);
    const first = await signedInSocket(shortLived);
    const second = await signedInSocket(shortLived);
    const other = await signedInSocket(longLived);
    first.subscribe('1');
    second.subscribe('1');

    expect(await first.closed).toBe(4403);
    expect(await second.closed).toBe(4403);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
    other.ws.close();
    await other.closed;
  });
});
