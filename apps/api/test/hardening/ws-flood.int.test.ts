import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../src/graphql/limits.js';
import { REPLAY_PAGE, REPLAY_READERS } from '../../src/realtime/hub.js';
import { TOO_MANY_SOCKETS_CLOSE } from '../../src/server/websocket/core.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { until } from '../ws.js';

/**
 * One account cannot flood the process: it may hold so many sockets, and so many subscriptions across them, and
 * replays from long ago, however many, take turns behind live events instead of holding them up.
 */

let api: TestApi;
let centreId: string;
let councilId: string;

const BOARD = `subscription($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { cursor subjectId } }`;

beforeAll(async () => {
  api = await startTestApi();
  const centre = (await api.db.sql(`select id, council_id from centre where name like 'Coxford Road%'`))
    .rows[0];
  centreId = centre.id;
  councilId = centre.council_id;
});
afterAll(() => api.close());

interface Message {
  id?: string;
  type: string;
  payload?: {
    data?: { roomBoardChanged?: { cursor: string; subjectId: string } };
    errors?: unknown;
  } & { message?: string; extensions?: { code?: string; limit?: string } }[];
}

/**
 * A raw graphql-transport-ws socket signed in with `token`; `acked` settles with true once acknowledged, false when
 * closed first. What it receives is kept, or only counted (per operation) when `countOnly`.
 */
function socket(token: string, options: { countOnly?: boolean } = {}) {
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const received: Message[] = [];
  const counts = new Map<string, number>();
  let close: { code: number; reason: string } | null = null;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      close = { code, reason: String(reason) };
      resolve(close);
    }),
  );
  const acked = new Promise<boolean>((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('message', (data) => {
      const text = String(data);
      if (options.countOnly && text.startsWith('{"id":"')) {
        const id = text.slice(7, text.indexOf('"', 7));
        counts.set(id, (counts.get(id) ?? 0) + 1);
        return;
      }
      const m = JSON.parse(text) as Message;
      if (m.type === 'connection_ack') resolve(true);
      else received.push(m);
    });
    void closed.then(() => resolve(false));
  });
  return {
    ws,
    acked,
    closed,
    close: () => close,
    received,
    counts,
    subscribe: (id: string, variables: Record<string, unknown>) =>
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: BOARD, variables } })),
  };
}

describe('sockets and subscriptions per person', () => {
  it(`refuses a person's socket past ${LIMITS.maxSocketsPerPerson} with ${TOO_MANY_SOCKETS_CLOSE} TOO_MANY_SOCKETS, while others still connect`, async () => {
    expect(api.config.socketsPerPerson).toBe(LIMITS.maxSocketsPerPerson);
    const token = await api.tokenFor(DEMO.supervisor2);
    const held = Array.from({ length: LIMITS.maxSocketsPerPerson }, () => socket(token));
    expect(await Promise.all(held.map((s) => s.acked))).toEqual(held.map(() => true));

    const extra = socket(token);
    expect(await extra.acked).toBe(false);
    const close = await extra.closed;
    expect(close.code).toBe(TOO_MANY_SOCKETS_CLOSE);
    expect(close.reason).toMatch(/^TOO_MANY_SOCKETS/);
    // The sockets held are untouched, and another person is not counted against this one.
    expect(held.every((s) => s.ws.readyState === WebSocket.OPEN)).toBe(true);
    const other = socket(await api.tokenFor(DEMO.supervisor1));
    expect(await other.acked).toBe(true);

    // One closes: the person may open one again.
    held[0]!.ws.close();
    await held[0]!.closed;
    const again = socket(token);
    expect(await again.acked).toBe(true);
    for (const s of [...held.slice(1), other, again]) s.ws.close();
    await Promise.all([...held.slice(1), other, again].map((s) => s.closed));
  });

  it(`refuses a person's subscription past ${LIMITS.maxSubscriptionsPerPerson} across their sockets with RATE_LIMITED`, async () => {
    const token = await api.tokenFor(DEMO.integrator);
    const perSocket = LIMITS.maxSubscriptionsPerConnection;
    const sockets = Array.from({ length: Math.ceil(LIMITS.maxSubscriptionsPerPerson / perSocket) + 1 }, () =>
      socket(token),
    );
    await Promise.all(sockets.map((s) => s.acked));
    const before = api.server.hub.size;
    let n = 0;
    for (const s of sockets.slice(0, -1))
      for (let i = 0; i < perSocket && n < LIMITS.maxSubscriptionsPerPerson; i++, n++)
        s.subscribe(`s${i}`, { c: centreId });
    await until('every subscription to be live', () => api.server.hub.size === before + n);

    const last = sockets.at(-1)!;
    last.subscribe('over', { c: centreId });
    await until('the refusal', () => last.received.some((m) => m.id === 'over'), 15_000);
    const refusal = last.received.find((m) => m.id === 'over')!;
    expect(refusal.type).toBe('error');
    expect(refusal.payload?.[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      limit: 'subscriptionsPerPerson',
    });
    expect(api.server.hub.size).toBe(before + n);
    expect(last.ws.readyState).toBe(WebSocket.OPEN);

    // One ends: the person may subscribe again.
    sockets[0]!.ws.send(JSON.stringify({ id: 's0', type: 'complete' }));
    await until('the subscription to end', () => api.server.hub.size === before + n - 1);
    last.subscribe('again', { c: centreId });
    await until('the new subscription', () => api.server.hub.size === before + n);
    expect(last.received.filter((m) => m.id === 'again')).toEqual([]);
    for (const s of sockets) s.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
  });
});

describe('replays from long ago', () => {
  it('deliver a live event to a live subscriber while dozens of replays are still reading, with only a few replay pages read meanwhile', async () => {
    const events = 15 * REPLAY_PAGE;
    await api.db.sql(
      `insert into event (council_id, centre_id, topic, kind, subject_id)
       select $1, $2, 'room', 'condition_changed', gen_random_uuid() from generate_series(1, $3::int)`,
      [councilId, centreId, events],
    );
    const hub = api.server.hub;
    await until('the earlier tests’ subscriptions to end', () => hub.size === 0);
    const live = socket(await api.tokenFor(DEMO.manager));
    await live.acked;
    live.subscribe('live', { c: centreId });
    await until('the live subscription', () => hub.size === 1);

    // Fifty replays from the first event, over five sockets of one person, each message only counted.
    const replayToken = await api.tokenFor(DEMO.integrator);
    const replayers = Array.from({ length: 5 }, () => socket(replayToken, { countOnly: true }));
    await Promise.all(replayers.map((s) => s.acked));
    const pagesAtStart = hub.replayPagesRead;
    for (const s of replayers) for (let i = 0; i < 10; i++) s.subscribe(`r${i}`, { c: centreId, after: '0' });
    await until('the replays to be under way', () => hub.replayPagesRead >= pagesAtStart + 10);

    const pagesBefore = hub.replayPagesRead;
    const subject = randomUUID();
    let pagesAtArrival = -1;
    live.ws.on('message', (data) => {
      if (pagesAtArrival < 0 && String(data).includes(subject)) pagesAtArrival = hub.replayPagesRead;
    });
    await api.db.sql(
      `insert into event (council_id, centre_id, topic, kind, subject_id) values ($1, $2, 'room', 'condition_changed', $3)`,
      [councilId, centreId, subject],
    );
    await until('the live event', () => pagesAtArrival >= 0);
    // Every replay reads at least `events / REPLAY_PAGE` pages: they were far from done when the live event came.
    const replayPages = 50 * (events / REPLAY_PAGE);
    expect(pagesAtArrival - pagesAtStart).toBeLessThan(replayPages / 2);
    // Replays read a few pages at a time, so a live event waits for a few of them at most. Queued with the replays'
    // reads, it waited for about one page per replay (fifty here); taking turns, it waited for a handful.
    expect(pagesAtArrival - pagesBefore).toBeLessThanOrEqual(REPLAY_READERS * 10);

    // And the replays, taking turns, still each deliver every event, the live one included.
    const total = Number(
      (
        await api.db.sql(
          `select count(*)::int as n from event where centre_id = $1 and topic in ('room', 'session')`,
          [centreId],
        )
      ).rows[0].n,
    );
    await until(
      'every replay to finish',
      () => replayers.every((s) => [...s.counts.values()].every((n) => n === total) && s.counts.size === 10),
      180_000,
    );
    for (const s of [live, ...replayers]) s.ws.close();
    await Promise.all([live, ...replayers].map((s) => s.closed));
  }, 240_000);
});
