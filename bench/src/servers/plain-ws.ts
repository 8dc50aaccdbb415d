/**
 * The limit of fan-out: a plain `ws` server that broadcasts one pre-serialised message to every socket. The bench
 * sends it, over IPC, the size of Kinroom's `roomBoardChanged` message so that both carry the same bytes.
 * Started by the bench as `node --import tsx plain-ws.ts <port>` with an IPC channel.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2]);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
const sockets = new Set<WebSocket>();
wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
  ws.on('error', () => {});
});

interface Broadcast {
  type: 'broadcast';
  size: number;
  seq: number;
}

/** A graphql-ws `next` message of exactly `size` bytes that carries when it was sent. */
function message(size: number, seq: number): string {
  const base = {
    id: '1',
    type: 'next',
    payload: { data: { roomBoardChanged: { cursor: String(seq), sentAt: Date.now(), pad: '' } } },
  };
  const bare = JSON.stringify(base).length;
  base.payload.data.roomBoardChanged.pad = 'x'.repeat(Math.max(0, size - bare));
  return JSON.stringify(base);
}

process.on('message', (m: Broadcast | { type: 'count' }) => {
  if (m.type === 'broadcast') {
    const text = message(m.size, m.seq);
    for (const ws of sockets) ws.send(text);
  } else if (m.type === 'count') {
    process.send?.({ type: 'count', sockets: sockets.size });
  }
});
wss.on('listening', () => process.stdout.write(`ready ${port}\n`));
process.on('SIGTERM', () => {
  for (const ws of sockets) ws.terminate();
  wss.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
