import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../src/graphql/limits.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { collect, sleep, until, wsClient } from '../ws.js';

/**
 * The WebSocket side of two limits, each just under and just over: the size of one message, and how much a socket
 * may owe its client before it is closed as too slow to keep up.
 */

let api: TestApi;
let token: string;
let centreId: string;
let councilId: string;
/** The server's end of every WebSocket opened, as the upgrade hands it over. */
const upgraded: Socket[] = [];

const BOARD = `subscription($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { cursor status } }`;
const CAP = LIMITS.maxSocketBacklogBytes;
/** Padding of each event's status, which the subscription returns: sets the size of every message. */
const BIG = 4_000;
const SMALL = 1_000;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor(DEMO.manager);
  const centre = (await api.db.sql(`select id, council_id from centre where name like 'Coxford Road%'`))
    .rows[0];
  centreId = centre.id;
  councilId = centre.council_id;
  // Cursors of one length from here on, so that every event of a burst makes a message of the same size: the
  // backlog below is filled, and measured, in messages.
  await api.db.sql(`select setval('event_id_seq', 1000000)`);
  api.server.httpServer.on('upgrade', (_req, socket: Socket) => upgraded.push(socket));
});
afterAll(() => api.close());

/** Writes `n` room events for the centre straight into the outbox, as one commit; returns their cursors in order. */
async function burst(n: number, padding: number): Promise<string[]> {
  const r = await api.db.sql(
    `insert into event (council_id, centre_id, topic, kind, subject_id, payload)
     select $1, $2, 'room', 'condition_changed', gen_random_uuid(), jsonb_build_object('status', repeat('x', $3::int))
       from generate_series(1, $4::int)
     returning id::bigint as id`,
    [councilId, centreId, padding, n],
  );
  return r.rows
    .map((row: { id: string }) => BigInt(row.id))
    .sort((a, b) => (a < b ? -1 : 1))
    .map(String);
}

interface Frame {
  opcode: number;
  /** Bytes on the wire, header included. */
  size: number;
  /** A close frame's code. */
  code?: number;
}

/**
 * Reads the frames the server writes to one socket (RFC 6455 framing, unmasked from a server), as it hands them to
 * the socket: what it has sent, and what is still waiting in its buffer for a client that does not read.
 */
function tapServerFrames(socket: Socket): Frame[] {
  const frames: Frame[] = [];
  let pending = Buffer.alloc(0);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    pending = Buffer.concat([pending, bytes]);
    for (;;) {
      if (pending.length < 2) break;
      let header = 2;
      let length = pending[1]! & 0x7f;
      if (length === 126) {
        if (pending.length < 4) break;
        length = pending.readUInt16BE(2);
        header = 4;
      } else if (length === 127) {
        if (pending.length < 10) break;
        length = Number(pending.readBigUInt64BE(2));
        header = 10;
      }
      if (pending[1]! & 0x80) header += 4;
      if (pending.length < header + length) break;
      const opcode = pending[0]! & 0x0f;
      frames.push({
        opcode,
        size: header + length,
        ...(opcode === 0x8 && length >= 2 ? { code: pending.readUInt16BE(header) } : {}),
      });
      pending = pending.subarray(header + length);
    }
    return write(chunk, ...rest);
  }) as Socket['write'];
  return frames;
}

/**
 * A manager's dashboard following the room board over a raw graphql-transport-ws socket, whose TCP socket the test
 * can stop reading (as a stalled or overwhelmed client does), with the server's end of the same connection.
 */
interface Follower {
  ws: WebSocket;
  tcp: Socket;
  server: Socket;
  serverFrames: Frame[];
  cursors: string[];
  /** Anything else the server said (a refused subscription, say). */
  problems: string[];
  closed: Promise<number>;
  textFramesSent(): number;
}

async function follow(after: string): Promise<Follower> {
  let tcp: Socket | undefined;
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
    createConnection: ((options: NetConnectOpts) => {
      tcp = createConnection(options);
      return tcp;
    }) as typeof createConnection,
  });
  const cursors: string[] = [];
  const problems: string[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const acked = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        type: string;
        payload?: { data?: { roomBoardChanged: { cursor: string } }; errors?: unknown };
      };
      if (m.type === 'connection_ack') resolve();
      else if (m.type === 'next' && m.payload?.data) cursors.push(m.payload.data.roomBoardChanged.cursor);
      else if (m.type !== 'pong') problems.push(String(data).slice(0, 500));
    });
    ws.on('close', (code) => reject(new Error(`closed with ${code} before the subscription started`)));
  });
  await new Promise<void>((resolve) => ws.on('open', () => resolve()));
  const server = upgraded.find((s) => s.remotePort === tcp!.localPort);
  if (!server) throw new Error('the server’s end of the socket was not found');
  const serverFrames = tapServerFrames(server);
  ws.send(JSON.stringify({ type: 'connection_init', payload: { token } }));
  await acked;
  ws.send(
    JSON.stringify({
      id: 'board',
      type: 'subscribe',
      payload: { query: BOARD, variables: { c: centreId, after } },
    }),
  );
  return {
    ws,
    tcp: tcp!,
    server,
    serverFrames,
    cursors,
    problems,
    closed,
    textFramesSent: () => serverFrames.filter((f) => f.opcode === 0x1).length,
  };
}

/** The newest cursor in the outbox: a subscription from here misses nothing written after it. */
async function head(): Promise<string> {
  return (await api.db.sql(`select coalesce(max(id), 0)::text as id from event`)).rows[0].id as string;
}

/**
 * Starts a follower and proves its subscription live with one event, then stops reading and writes events until the
 * server holds a backlog for it within one message of the cap (every event sent, none refused). Returns the
 * follower, the cursors written and the size of one message on the wire.
 */
async function stalledJustUnderTheCap(): Promise<{ f: Follower; written: string[]; messageBytes: number }> {
  const f = await follow(await head());
  const written = await burst(1, BIG);
  await until('the first event', () => f.cursors.length === 1 || f.problems.length > 0);
  expect(f.problems).toEqual([]);
  const messageBytes = f.serverFrames.filter((fr) => fr.opcode === 0x1).at(-1)!.size;
  const sentBefore = f.textFramesSent();
  const settled = () => {
    if (f.server.destroyed) throw new Error('the server dropped the socket without a close frame');
    return f.textFramesSent() - sentBefore === written.length - 1;
  };
  f.tcp.pause();
  // Fill the kernel's buffers first (what they hold depends on the machine): the backlog is what is left over.
  const chunk = Math.floor((0.9 * CAP) / messageBytes);
  while (f.server.writableLength === 0) {
    written.push(...(await burst(chunk, BIG)));
    await until('the server to hand the socket every event it was given', settled);
  }
  const room = Math.floor((CAP - f.server.writableLength) / messageBytes);
  written.push(...(await burst(room, BIG)));
  await until('the server to hand the socket every event it was given', settled);
  return { f, written, messageBytes };
}

describe('a WebSocket message at the size cap', () => {
  /** A graphql-ws `subscribe` message padded (with a variable the operation ignores) to exactly `bytes` bytes. */
  function subscribeMessage(bytes: number): string {
    const message = (padding: string) =>
      JSON.stringify({
        id: 'q',
        type: 'subscribe',
        payload: { query: '{ __typename }', variables: { padding } },
      });
    const text = message('x'.repeat(bytes - Buffer.byteLength(message(''))));
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  }

  async function send(text: string): Promise<{ received: string[]; closed: number | null; ws: WebSocket }> {
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const received: string[] = [];
    let closed: number | null = null;
    ws.on('close', (code) => (closed = code));
    await new Promise<void>((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string };
        if (m.type === 'connection_ack') ws.send(text);
        else received.push(String(data));
        if (m.type === 'complete' || m.type === 'error') resolve();
      });
      ws.on('close', () => resolve());
    });
    return { received, closed, ws };
  }

  it(`answers a subscribe message of exactly ${LIMITS.maxPayloadBytes} bytes, and the socket stays open`, async () => {
    const { received, closed, ws } = await send(subscribeMessage(LIMITS.maxPayloadBytes));
    expect(closed).toBeNull();
    expect(received.map((r) => JSON.parse(r) as unknown)).toEqual([
      { id: 'q', type: 'next', payload: { data: { __typename: 'Query' } } },
      { id: 'q', type: 'complete' },
    ]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('closes with 1009 a subscribe message one byte over, without answering it', async () => {
    const { received, closed } = await send(subscribeMessage(LIMITS.maxPayloadBytes + 1));
    expect(closed).toBe(1009);
    expect(received).toEqual([]);
  });
});

describe('a frame over the size cap from a socket that never signed in', () => {
  it('is logged as one line, with no stack trace, each time', async () => {
    // Logging at `info`, where a client's fault is reported.
    const logging = await startTestApi({ demo: false, env: { KINROOM_LOG_LEVEL: 'info' } });
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      written.push(format(...args));
    });
    const closes: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const ws = new WebSocket(`${logging.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
        closes.push(
          await new Promise<number>((resolve) => {
            ws.on('open', () => ws.send('x'.repeat(LIMITS.maxPayloadBytes + 1)));
            ws.on('close', (code) => resolve(code));
          }),
        );
      }
      await sleep(200);
    } finally {
      for (const spy of [...spies, consoleError]) spy.mockRestore();
      await logging.close();
    }
    expect(closes).toEqual([1009, 1009, 1009]);
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^kinroom: .*WS_ERR_UNSUPPORTED_MESSAGE_LENGTH/);
    expect(written.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('a WebSocket consumer too slow for its backlog', () => {
  it('keeps a socket whose backlog stays just under the cap, and the consumer then receives every event', async () => {
    const { f, written, messageBytes } = await stalledJustUnderTheCap();
    // Just under: within one message of the cap, and nothing refused or closed.
    expect(f.server.writableLength).toBeLessThanOrEqual(CAP);
    expect(f.server.writableLength).toBeGreaterThan(CAP - 2 * messageBytes);
    expect(f.serverFrames.some((fr) => fr.opcode === 0x8)).toBe(false);
    f.tcp.resume();
    await until('every event to arrive', () => f.cursors.length >= written.length);
    expect(f.cursors).toEqual(written);
    // Still open and answering.
    const sent = f.textFramesSent();
    f.ws.send(JSON.stringify({ type: 'ping' }));
    await until('a pong', () => f.textFramesSent() > sent);
    expect(f.ws.readyState).toBe(WebSocket.OPEN);
    f.ws.close();
  }, 120_000);

  it('closes with 1013 a socket whose backlog passes the cap; resuming from the last cursor misses nothing and repeats nothing', async () => {
    const { f, written, messageBytes } = await stalledJustUnderTheCap();
    // A few more events than there is room for.
    const over = Math.ceil((CAP - f.server.writableLength) / messageBytes) + 3;
    written.push(...(await burst(over, BIG)));
    await until(
      'the server to close the socket',
      () => f.serverFrames.some((fr) => fr.opcode === 0x8) || f.server.destroyed,
    );
    const close = f.serverFrames.find((fr) => fr.opcode === 0x8);
    expect(close?.code, 'the server ended the socket without a close frame').toBe(1013);
    f.tcp.resume();
    expect(await f.closed).toBe(1013);
    // What arrived before the close is the start of what was written, in order, with nothing skipped or repeated.
    expect(f.cursors.length).toBeGreaterThan(0);
    expect(f.cursors.length).toBeLessThan(written.length);
    expect(f.cursors).toEqual(written.slice(0, f.cursors.length));

    // More happens while the client is away (over several replay pages), and more once it is back.
    written.push(...(await burst(1_200, SMALL)));
    const last = f.cursors.at(-1)!;
    const client = wsClient(api.url, token);
    const resumed = collect<{ roomBoardChanged: { cursor: string } }>(client, BOARD, {
      c: centreId,
      after: last,
    });
    const missed = written.slice(f.cursors.length);
    await resumed.waitFor(1, 60_000);
    written.push(...(await burst(5, SMALL)));
    const expected = [...missed, ...written.slice(-5)];
    await resumed.waitFor(expected.length, 60_000);
    expect(resumed.items.map((i) => i.roomBoardChanged.cursor)).toEqual(expected);
    await client.dispose();
  }, 120_000);

  it('keeps a consumer that reads as events arrive through a burst three times the cap, and it receives every event', async () => {
    const client = wsClient(api.url, token);
    const closes: number[] = [];
    client.on('closed', (e) => closes.push((e as { code: number }).code));
    const board = collect<{ roomBoardChanged: { cursor: string } }>(client, BOARD, {
      c: centreId,
      after: await head(),
    });
    const written = await burst(1, SMALL);
    await board.waitFor(1, 60_000);
    const messageBytes = Buffer.byteLength(
      JSON.stringify({ id: 'x', type: 'next', payload: { data: board.items[0] } }),
    );
    written.push(...(await burst(Math.ceil((3 * CAP) / messageBytes), SMALL)));
    await board.waitFor(written.length, 60_000);
    expect(board.items.map((i) => i.roomBoardChanged.cursor)).toEqual(written);
    expect(closes).toEqual([]);
    await client.dispose();
  }, 120_000);
});
