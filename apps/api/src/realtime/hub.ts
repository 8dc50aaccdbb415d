import type { EventStream } from './event-stream.js';
import type { LiveEvent } from './live-event.js';

export type EventFilter = (e: LiveEvent) => boolean;

/** Who receives a feed's events once attached. */
export interface FeedConsumer {
  /** An event for this feed, in order, never twice. */
  deliver(e: LiveEvent): void;
  /** The replay could not be read; the feed closes right after. */
  fail(err: unknown): void;
  /** The feed has closed: no more events come. */
  ended(): void;
}

/** Events read by one statement of a replay: a page is delivered in one go, and replays take turns between pages. */
export const REPLAY_PAGE = 200;
/**
 * Replay pages read from the outbox at once in the process, whatever the number of replays: the others wait their
 * turn, page by page, so that a crowd of replays from long ago cannot hold the database, or the event loop, away
 * from live events.
 */
export const REPLAY_READERS = 2;

/** Lets whatever waits on I/O (a live event read, a socket's messages) run before the next replay page. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Turns for the replays' reads: at most `REPLAY_READERS` at once, the rest served in the order they asked. */
class ReplayTurns {
  private reading = 0;
  private readonly waiting: (() => void)[] = [];
  private next = 0;

  async take(): Promise<void> {
    if (this.reading < REPLAY_READERS) {
      this.reading += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    if (this.next < this.waiting.length) {
      // The turn passes straight to the next in line; `reading` stays as it is.
      const resolve = this.waiting[this.next]!;
      this.next += 1;
      if (this.next === this.waiting.length) {
        this.waiting.length = 0;
        this.next = 0;
      }
      resolve();
    } else this.reading -= 1;
  }
}

/**
 * One subscriber's feed of live events: what it asked for, within what it may see, after the cursor it passed.
 *
 * Events are pushed to a consumer: the WebSocket layer attaches one that sends straight to the socket, so a live
 * event costs a subscriber a filter call and a send, with no promise or iterator in between. A feed that passed a cursor first gets
 * everything after it from the outbox, then continues live, with no gap and no duplicate: live events that arrive
 * during the replay wait in order behind it. A feed is held for every open subscription, so it keeps few fields, and
 * allocates its holding queue and its close callbacks only when needed.
 */
export class LiveFeed implements AsyncIterable<LiveEvent> {
  private consumer: FeedConsumer | null = null;
  /** Live events held while no consumer is attached or the replay is still reading. */
  private held: LiveEvent[] | null = null;
  /** The newest event this feed has delivered (or that replay has read past); nothing at or below it is sent. */
  private seen: bigint;
  private replaying: boolean;
  private closed = false;
  private closers: (() => void)[] | null = null;

  constructor(
    private readonly hub: SubscriptionHub,
    /** The council whose events alone this feed may receive. */
    readonly councilId: string,
    readonly filter: EventFilter,
    after: string | null,
  ) {
    const liveFrom = BigInt(hub.stream.cursor);
    this.seen = after === null ? liveFrom : BigInt(after);
    this.replaying = this.seen < liveFrom;
  }

  /** Whether `e` is for this feed: of its council, and passing its filter. */
  accepts(e: LiveEvent): boolean {
    return e.councilId === this.councilId && this.filter(e);
  }

  /** Delivers to `consumer` from now on. */
  attach(consumer: FeedConsumer): void {
    if (this.consumer) throw new Error('A live feed has one consumer.');
    this.consumer = consumer;
    if (this.replaying) void this.replay(this.seen);
    else this.release();
  }

  /** Runs `fn` when the feed closes (a caseload refresh timer, say). */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else (this.closers ??= []).push(fn);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.remove(this);
    this.held = null;
    const closers = this.closers;
    this.closers = null;
    if (closers) for (const fn of closers) fn();
    this.consumer?.ended();
  }

  /** Called by the hub with a live event that this feed accepts. */
  offer(e: LiveEvent): void {
    if (this.closed) return;
    if (this.consumer && !this.replaying) this.emit(e);
    else (this.held ??= []).push(e);
  }

  private emit(e: LiveEvent): void {
    if (e.seq <= this.seen) return;
    this.seen = e.seq;
    this.consumer!.deliver(e);
  }

  private release(): void {
    const held = this.held;
    this.held = null;
    if (held) {
      for (const e of held) {
        if (this.closed) return;
        this.emit(e);
      }
    }
  }

  private async replay(from: bigint): Promise<void> {
    const liveFrom = BigInt(this.hub.stream.cursor);
    let position = from;
    try {
      for (;;) {
        const page = await this.hub.replayPage(position, this.councilId);
        if (this.closed) return;
        for (const e of page) if (this.accepts(e)) this.emit(e);
        if (page.length > 0) position = page[page.length - 1]!.seq;
        if (position > this.seen) this.seen = position;
        if (page.length < REPLAY_PAGE || position >= liveFrom) break;
        await yieldToIo();
        if (this.closed) return;
      }
    } catch (err) {
      this.consumer?.fail(err);
      this.close();
      return;
    }
    this.replaying = false;
    this.release();
  }

  /**
   * graphql-js accepts a subscription's source only if it is async-iterable; the WebSocket layer then attaches a
   * consumer instead of iterating. Iterating a feed is refused rather than served by a second, untested path.
   */
  [Symbol.asyncIterator](): AsyncIterator<LiveEvent> {
    throw new Error('A live feed is consumed through attach(), not iterated.');
  }
}

/**
 * Fans the process's one event stream out to its subscribers, each with its own filter. Each event is offered to
 * every subscriber before the next event, so a consumer that serves many subscribers at once (the WebSocket layer's
 * shared execution) sees one event's whole audience together.
 */
export class SubscriptionHub {
  private readonly feeds = new Set<LiveFeed>();
  private readonly turns = new ReplayTurns();
  /** Replay pages read so far (for the figures and tests: how much replaying went on meanwhile). */
  replayPagesRead = 0;

  constructor(readonly stream: EventStream) {
    stream.onEvents((events) => {
      for (const e of events) for (const f of this.feeds) if (f.accepts(e)) f.offer(e);
    });
  }

  get size(): number {
    return this.feeds.size;
  }

  /**
   * Live events of council `councilId` matching `filter`, after `after` when given (replayed from the outbox first).
   * Registered at once, before any replay reads, so that nothing committed meanwhile can fall between the two.
   */
  subscribe(councilId: string, filter: EventFilter, after: string | null): LiveFeed {
    const feed = new LiveFeed(this, councilId, filter, after);
    this.feeds.add(feed);
    return feed;
  }

  /**
   * One page of a replay, read when its turn comes. Replays read on connections of their own (the stream's replay
   * pool), never the one live events are read on.
   */
  async replayPage(after: bigint, councilId: string): Promise<LiveEvent[]> {
    await this.turns.take();
    try {
      return await this.stream.readAfter(after.toString(), REPLAY_PAGE, councilId);
    } finally {
      this.replayPagesRead += 1;
      this.turns.give();
    }
  }

  remove(feed: LiveFeed): void {
    this.feeds.delete(feed);
  }

  closeAll(): void {
    for (const f of [...this.feeds]) f.close();
  }
}
