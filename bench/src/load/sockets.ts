/**
 * A process that holds many WebSocket subscribers (open files are capped per process, so the bench spreads sockets
 * over several of these). Either graphql-transport-ws subscribers to Kinroom's `roomBoardChanged`, or plain `ws`
 * sockets of the broadcast baseline. It records, for every message, the delay from the event's own timestamp to
 * its arrival, and which events each socket received, so that lost and duplicated deliveries can be counted.
 * Driven over IPC by the bench.
 */
import WebSocket from 'ws';

export type SocketCommand =
  | {
      type: 'open';
      kind: 'graphql-ws' | 'plain';
      url: string;
      token?: string;
      query?: string;
      variables?: Record<string, unknown>;
      count: number;
      batch: number;
    }
  | { type: 'reset' }
  | { type: 'count' }
  | { type: 'report'; expected: string[] }
  | { type: 'close' };

export type SocketReply =
  | { type: 'opened'; ok: number; failed: number; error?: string }
  | { type: 'received'; messages: number }
  | {
      type: 'report';
      /** Deliveries by delay in whole milliseconds, as [delay, count] pairs: a burst to thousands of sockets
       * would make a list of every delay too large to send. */
      latencies: [number, number][];
      sockets: number;
      received: number;
      lost: number;
      duplicates: number;
      messageBytes: number;
    };

interface Sub {
  seen: Map<string, number>;
}

const subs: Sub[] = [];
const closers: (() => void)[] = [];
let latencies = new Map<number, number>();
let messages = 0;
let messageBytes = 0;

/** `bytes` is asked for once: measuring every message would cost the receiving side more than the reading. */
function note(sub: Sub, cursor: string, stamp: number, bytes: () => number): void {
  const delay = Date.now() - stamp;
  latencies.set(delay, (latencies.get(delay) ?? 0) + 1);
  sub.seen.set(cursor, (sub.seen.get(cursor) ?? 0) + 1);
  messages += 1;
  if (!messageBytes) messageBytes = bytes();
}

/**
 * A subscriber speaking graphql-transport-ws (the protocol of graphql-ws) itself, reading each message exactly as
 * the plain ws baseline's sockets do (one `JSON.parse` of the text). graphql-ws's own client validates and dispatches
 * every message on top of that: measured in this process, 14.0 µs of CPU per message against 7.9 µs for the plain
 * socket, same bytes, same server. Each client process reads thousands of sockets one message after another, so
 * that difference alone put Kinroom's median latency at 17 ms against 9 ms from the same server: it was measuring
 * the client library, not the server.
 */
function openGraphqlWs(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const sub: Sub = { seen: new Map() };
  return new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('error', reject);
    ws.on('close', (code) => reject(new Error(`closed: ${code}`)));
    ws.on('message', (raw) => {
      const text = raw.toString();
      const m = JSON.parse(text) as {
        type: string;
        payload?: { data?: { roomBoardChanged?: { cursor: string; occurredAt: string } } };
      };
      if (m.type === 'next') {
        const event = m.payload?.data?.roomBoardChanged;
        if (event) note(sub, event.cursor, Date.parse(event.occurredAt), () => text.length);
      } else if (m.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        resolve();
      } else if (m.type === 'ping') {
        ws.send('{"type":"pong"}');
      }
    });
    subs.push(sub);
    closers.push(() => ws.terminate());
  });
}

function openPlain(url: string): Promise<void> {
  const sub: Sub = { seen: new Map() };
  return new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => resolve());
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const text = raw.toString();
      const m = JSON.parse(text) as {
        payload: { data: { roomBoardChanged: { cursor: string; sentAt: number } } };
      };
      const e = m.payload.data.roomBoardChanged;
      note(sub, e.cursor, e.sentAt, () => text.length);
    });
    subs.push(sub);
    closers.push(() => ws.terminate());
  });
}

process.on('message', (cmd: SocketCommand) => {
  void (async () => {
    switch (cmd.type) {
      case 'open': {
        let ok = 0;
        let failed = 0;
        let error: string | undefined;
        for (let i = 0; i < cmd.count; i += cmd.batch) {
          const n = Math.min(cmd.batch, cmd.count - i);
          const results = await Promise.allSettled(
            Array.from({ length: n }, () =>
              cmd.kind === 'plain'
                ? openPlain(cmd.url)
                : openGraphqlWs(cmd.url, cmd.token ?? '', cmd.query ?? '', cmd.variables ?? {}),
            ),
          );
          for (const r of results) {
            if (r.status === 'fulfilled') ok += 1;
            else {
              failed += 1;
              error ??= String((r.reason as Error)?.message ?? r.reason);
            }
          }
        }
        process.send?.({ type: 'opened', ok, failed, error } satisfies SocketReply);
        break;
      }
      case 'count':
        process.send?.({ type: 'received', messages } satisfies SocketReply);
        break;
      case 'reset':
        latencies = new Map();
        messages = 0;
        for (const s of subs) s.seen.clear();
        process.send?.({ type: 'received', messages } satisfies SocketReply);
        break;
      case 'report': {
        let lost = 0;
        let duplicates = 0;
        let received = 0;
        for (const s of subs) {
          for (const c of cmd.expected) {
            const n = s.seen.get(c) ?? 0;
            if (n === 0) lost += 1;
            else {
              received += 1;
              duplicates += n - 1;
            }
          }
        }
        process.send?.({
          type: 'report',
          latencies: [...latencies],
          sockets: subs.length,
          received,
          lost,
          duplicates,
          messageBytes,
        } satisfies SocketReply);
        break;
      }
      case 'close':
        for (const c of closers) c();
        setTimeout(() => process.exit(0), 200);
        break;
    }
  })();
});
process.on('disconnect', () => process.exit(0));
