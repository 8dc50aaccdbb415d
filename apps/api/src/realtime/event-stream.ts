import pg from 'pg';
import { connectionOptions, type DatabaseSettings } from '../db/connection.js';
import { EVENT_COLUMNS, toLiveEvent, type LiveEvent } from './live-event.js';

export interface EventStreamOptions {
  /** A periodic read that covers a lost notification. Default 1000 ms. */
  catchUpMs?: number;
  /** Most events read by one statement. Default 1000. */
  batchSize?: number;
  /** Longest wait between reconnection attempts after the database goes away. Default 5000 ms. */
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

/** PostgreSQL's largest bigint: no event id is above it. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

type Listener = (events: readonly LiveEvent[]) => void;

/** Connections of a pool: held (idle or busy), idle, and queries waiting for one. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The one reader of the outbox in an API process. A single connection LISTENs for wake-ups; each wake-up (or
 * periodic catch-up) runs ONE statement that reads every event after the last one seen, whatever the number of
 * subscribers, and hands the batch to the process's listeners. Ids become visible in order (see the event table's
 * trigger), so reading "after the last id" never skips one. After the database goes away it reconnects with backoff
 * and catches up by cursor. The reads go through `url` (a pooler may carry them); the LISTEN needs a session of its
 * own, on `directUrl`.
 */
export class EventStream {
  private listenClient: pg.Client | null = null;
  /** Live reads (one at a time) and the start-up read. */
  private readonly pool: pg.Pool;
  /** Replays' reads: however many replays wait, live reads never queue behind them for a connection. */
  private readonly replayPool: pg.Pool;
  private readonly listeners = new Set<Listener>();
  private head = '0';
  private reading = false;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  /** Statements run to read events (for the figures: one per wake-up, never one per subscriber). */
  readStatements = 0;

  constructor(
    private readonly db: DatabaseSettings,
    private readonly options: EventStreamOptions = {},
  ) {
    this.pool = new pg.Pool({ ...connectionOptions(db.url), max: 1, idleTimeoutMillis: 10_000 });
    this.pool.on('error', () => {});
    this.replayPool = new pg.Pool({ ...connectionOptions(db.url), max: 2, idleTimeoutMillis: 10_000 });
    this.replayPool.on('error', () => {});
  }

  /** The id of the newest event delivered so far. */
  get cursor(): string {
    return this.head;
  }

  /** Whether the LISTEN connection is up: false from the moment it is lost until it is back. */
  get listening(): boolean {
    return this.listenClient !== null;
  }

  /** The stream's reading connections (live and replays together). */
  poolUse(): PoolUse {
    const pools = [this.pool, this.replayPool];
    const sum = (f: (p: pg.Pool) => number) => pools.reduce((n, p) => n + f(p), 0);
    return {
      total: sum((p) => p.totalCount),
      idle: sum((p) => p.idleCount),
      waiting: sum((p) => p.waitingCount),
    };
  }

  async start(): Promise<void> {
    const r = await this.pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from event');
    this.head = r.rows[0]?.id ?? '0';
    await this.connect();
    this.timer = setInterval(() => this.wake(), this.options.catchUpMs ?? 1000);
    this.timer.unref();
  }

  onEvents(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads a council's events after `cursor` for a replay, at most `limit`, in order. */
  async readAfter(cursor: string, limit: number, councilId: string): Promise<LiveEvent[]> {
    const r = await this.replayPool.query(
      `select ${EVENT_COLUMNS} from event where id > $1 and council_id = $2 order by event.id limit $3`,
      [cursor, councilId, limit],
    );
    return r.rows.map(toLiveEvent);
  }

  /**
   * Whether `cursor` names an event of this outbox. Events are never deleted, so a cursor this server handed out
   * stays known; one it never had comes from a copy of the database that has since been lost (a restore from a
   * backup, docs/operations.md), and resuming from it would skip whatever this copy numbered differently.
   */
  async has(cursor: string): Promise<boolean> {
    const seq = BigInt(cursor);
    if (seq === 0n) return true;
    if (seq > MAX_EVENT_ID) return false;
    const r = await this.replayPool.query('select exists (select 1 from event where id = $1) as known', [
      cursor,
    ]);
    return r.rows[0]?.known === true;
  }

  private async readLive(cursor: string, limit: number): Promise<LiveEvent[]> {
    const r = await this.pool.query(
      `select ${EVENT_COLUMNS} from event where id > $1 order by event.id limit $2`,
      [cursor, limit],
    );
    return r.rows.map(toLiveEvent);
  }

  /** Asks for a read soon; concurrent wake-ups collapse into one more read. */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    this.reading = true;
    try {
      do {
        this.again = false;
        const batch = this.options.batchSize ?? 1000;
        this.readStatements += 1;
        const events = await this.readLive(this.head, batch);
        if (events.length > 0) {
          this.head = events[events.length - 1]!.id;
          for (const l of this.listeners) l(events);
        }
        if (events.length === batch) this.again = true;
      } while (this.again && !this.stopped);
    } catch {
      // The database is unreachable; the listener's reconnection, or the next catch-up tick, tries again.
    } finally {
      this.reading = false;
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(connectionOptions(this.db.directUrl));
    client.on('notification', () => this.wake());
    client.on('error', () => this.reconnectSoon(client));
    client.on('end', () => this.reconnectSoon(client));
    await client.connect();
    await client.query('listen kinroom_event');
    this.listenClient = client;
    this.backoffMs = 100;
    this.wake();
  }

  private reconnectSoon(client: pg.Client): void {
    if (this.stopped || this.listenClient !== client) return;
    this.listenClient = null;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    const attempt = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        await this.connect();
        this.options.log?.('kinroom: event listener reconnected');
      } catch {
        this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 5000);
        setTimeout(() => void attempt(), this.backoffMs).unref();
      }
    };
    setTimeout(() => void attempt(), this.backoffMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const c = this.listenClient;
    this.listenClient = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
    await this.pool.end().catch(() => {});
    await this.replayPool.end().catch(() => {});
  }
}
