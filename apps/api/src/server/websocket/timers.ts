/** The process's timers that watch its sockets: one heartbeat, and one timer per moment of token expiry. */
import { WebSocket } from 'ws';
import type { WsConnection } from './adapter.js';
import type { Connection, TokenExpiries } from './core.js';

/** How often every socket is pinged; one that has not answered its previous ping by then is dropped. */
export const KEEP_ALIVE_MS = 12_000;

/**
 * Keeps sockets alive and finds dead ones with one timer for all: every socket is pinged once per `intervalMs`, the
 * pings spread over the interval in slices rather than sent all at once, and a socket whose last ping has gone
 * unanswered for a whole interval is terminated. Slices are small (a tenth of a second of a 12-second interval) so
 * that a live update arriving while one is being pinged waits for a few milliseconds of pings, not a tenth of every
 * socket's: with 20,000 sockets, a slice of 2,000 pings held an update back by tens of milliseconds.
 */
export class Heartbeat {
  private static readonly SLICES = 120;
  private tick = 0;
  private round: MapIterator<WsConnection> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly connections: Map<WebSocket, WsConnection>,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), Math.max(1, Math.floor(intervalMs / Heartbeat.SLICES)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    this.tick += 1;
    const round = (this.round ??= this.connections.values());
    for (let n = Math.ceil(this.connections.size / Heartbeat.SLICES); n > 0; n--) {
      const next = round.next();
      if (next.done) {
        this.round = null;
        return;
      }
      this.visit(next.value);
    }
  }

  private visit(c: WsConnection): void {
    if (c.socket.readyState !== WebSocket.OPEN) return;
    if (c.pingedAt >= 0) {
      if (this.tick - c.pingedAt >= Heartbeat.SLICES) c.socket.terminate();
      return;
    }
    c.pingedAt = this.tick;
    c.socket.ping();
  }
}

/** Closes signed-in sockets when their token expires: one timer per moment of expiry, not one per socket. */
export class Expiries implements TokenExpiries {
  private readonly due = new Map<number, { sockets: Set<Connection>; timer: NodeJS.Timeout }>();

  constructor(private readonly shut: (c: Connection) => void) {}

  add(c: Connection, at: number): void {
    let entry = this.due.get(at);
    if (!entry) {
      const timer = setTimeout(() => this.expire(at), Math.max(at - Date.now(), 0));
      timer.unref();
      entry = { sockets: new Set(), timer };
      this.due.set(at, entry);
    }
    entry.sockets.add(c);
    c.expiresAt = at;
  }

  remove(c: Connection): void {
    const entry = this.due.get(c.expiresAt);
    if (!entry?.sockets.delete(c)) return;
    if (entry.sockets.size > 0) return;
    clearTimeout(entry.timer);
    this.due.delete(c.expiresAt);
  }

  private expire(at: number): void {
    const entry = this.due.get(at);
    this.due.delete(at);
    if (entry) for (const c of entry.sockets) this.shut(c);
  }
}
