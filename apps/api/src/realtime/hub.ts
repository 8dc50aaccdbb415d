import type { EventStream } from './event-stream.js';
import type { LiveEvent } from './live-event.js';

export type EventFilter = (e: LiveEvent) => boolean;
export type EventSink = (e: LiveEvent) => void;

const REPLAY_PAGE = 500;

/**
 * One subscriber's feed of live events: what it asked for, within what it may see, after the cursor it passed.
 *
 * Events are pushed to a sink: the WebSocket layer attaches one that sends straight to the socket, so a live event
 * costs a subscriber a filter call and a send, with no promise or iterator in between. Iterating the feed (as
 * graphql-js does with a subscription's source) attaches a queue instead. A feed that passed a cursor first gets
 * everything after it from the outbox, then continues live, with no gap and no duplicate: live events that arrive
 * during the replay wait in order behind it.
 */
export class LiveFeed implements AsyncIterable<LiveEvent> {
  private sink: EventSink | null = null;
  /** Live events held while no sink is attached or the replay is still reading. */
  private held: LiveEvent[] = [];
  /** The newest event this feed has delivered (or that replay has read past); nothing at or below it is sent. */
  private seen: bigint;
  private replaying: boolean;
  private closed = false;
  private readonly closers: (() => void)[] = [];
  private failure: ((err: unknown) => void) | null = null;

  constructor(
    private readonly hub: SubscriptionHub,
    private readonly stream: EventStream,
    private readonly councilId: string,
    readonly filter: EventFilter,
    after: string | null,
  ) {
    const liveFrom = BigInt(stream.cursor);
    this.seen = after === null ? liveFrom : BigInt(after);
    this.replaying = this.seen < liveFrom;
  }

  /** Delivers to `sink` from now on; `onError` hears of a replay that could not be read (the feed is then closed). */
  attach(sink: EventSink, onError: (err: unknown) => void): void {
    if (this.sink) throw new Error('A live feed has one consumer.');
    this.sink = sink;
    this.failure = onError;
    if (this.replaying) void this.replay(this.seen);
    else this.release();
  }

  /** Runs `fn` when the feed closes (a caseload refresh timer, say). */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closers.push(fn);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.remove(this);
    this.held = [];
    for (const fn of this.closers.splice(0)) fn();
  }

  /** Called by the hub with a live event that passed this feed's filter. */
  offer(e: LiveEvent): void {
    if (this.closed) return;
    if (this.sink && !this.replaying) this.emit(e);
    else this.held.push(e);
  }

  private emit(e: LiveEvent): void {
    if (e.seq <= this.seen) return;
    this.seen = e.seq;
    this.sink!(e);
  }

  private release(): void {
    const held = this.held;
    this.held = [];
    for (const e of held) {
      if (this.closed) return;
      this.emit(e);
    }
  }

  private async replay(from: bigint): Promise<void> {
    const liveFrom = BigInt(this.stream.cursor);
    let position = from;
    try {
      for (;;) {
        const page = await this.stream.readAfter(position.toString(), REPLAY_PAGE, this.councilId);
        if (this.closed) return;
        for (const e of page) if (this.filter(e)) this.emit(e);
        if (page.length > 0) position = page[page.length - 1]!.seq;
        if (position > this.seen) this.seen = position;
        if (page.length < REPLAY_PAGE || position >= liveFrom) break;
      }
    } catch (err) {
      this.failure?.(err);
      this.close();
      return;
    }
    this.replaying = false;
    this.release();
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveEvent> {
    const queue: LiveEvent[] = [];
    let waiting: ((r: IteratorResult<LiveEvent>) => void) | null = null;
    let failed: { err: unknown } | null = null;
    let rejectWaiting: ((err: unknown) => void) | null = null;
    const done = (): IteratorResult<LiveEvent> => ({ value: undefined, done: true });
    this.onClose(() => {
      waiting?.(done());
      waiting = null;
    });
    this.attach(
      (e) => {
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: e, done: false });
        } else queue.push(e);
      },
      (err) => {
        failed = { err };
        rejectWaiting?.(err);
      },
    );
    return {
      next: () => {
        const item = queue.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (failed) return Promise.reject(failed.err);
        if (this.closed) return Promise.resolve(done());
        return new Promise((resolve, reject) => {
          waiting = resolve;
          rejectWaiting = reject;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve(done());
      },
    };
  }
}

/**
 * Fans the process's one event stream out to its subscribers, each with its own filter. Each event is offered to
 * every subscriber before the next event, so a consumer that serves many subscribers at once (the WebSocket layer's
 * shared execution) sees one event's whole audience together.
 */
export class SubscriptionHub {
  private readonly feeds = new Set<LiveFeed>();

  constructor(private readonly stream: EventStream) {
    stream.onEvents((events) => {
      for (const e of events) for (const f of this.feeds) if (f.filter(e)) f.offer(e);
    });
  }

  get size(): number {
    return this.feeds.size;
  }

  /**
   * Live events matching `filter`, after `after` when given (replayed from the outbox first). Registered at once,
   * before any replay reads, so that nothing committed meanwhile can fall between the two.
   */
  subscribe(councilId: string, filter: EventFilter, after: string | null): LiveFeed {
    const feed = new LiveFeed(this, this.stream, councilId, filter, after);
    this.feeds.add(feed);
    return feed;
  }

  remove(feed: LiveFeed): void {
    this.feeds.delete(feed);
  }

  closeAll(): void {
    for (const f of [...this.feeds]) f.close();
  }
}
