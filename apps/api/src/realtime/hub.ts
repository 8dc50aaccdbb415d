import type { EventStream } from './event-stream.js';
import type { LiveEvent } from './live-event.js';

export type EventFilter = (e: LiveEvent) => boolean;

const REPLAY_PAGE = 500;

/** A small unbounded queue that an async iterator can wait on. */
class EventQueue {
  private items: LiveEvent[] = [];
  private waiting: ((e: IteratorResult<LiveEvent>) => void) | null = null;
  private closed = false;

  push(e: LiveEvent): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: e, done: false });
    } else this.items.push(e);
  }

  next(): Promise<IteratorResult<LiveEvent>> {
    const item = this.items.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((r) => (this.waiting = r));
  }

  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }
}

/**
 * Fans the process's one event stream out to its subscribers, each with its own filter (what it asked for, within
 * what it may see). A subscriber that passes the last cursor it saw first gets everything after it from the outbox,
 * then continues live, with no gap and no duplicate.
 */
export class SubscriptionHub {
  private readonly subscribers = new Set<{ filter: EventFilter; queue: EventQueue }>();

  constructor(private readonly stream: EventStream) {
    stream.onEvents((events) => {
      for (const s of this.subscribers) for (const e of events) if (s.filter(e)) s.queue.push(e);
    });
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Live events matching `filter`, after `after` when given (replayed from the outbox first). */
  subscribe(councilId: string, filter: EventFilter, after: string | null): AsyncIterableIterator<LiveEvent> {
    const queue = new EventQueue();
    const entry = { filter, queue };
    // Registered before the replay reads, so that nothing committed meanwhile can fall between the two.
    this.subscribers.add(entry);
    const liveFrom = this.stream.cursor;
    const stream = this.stream;
    const subscribers = this.subscribers;
    // `seen` is the newest id this subscriber has had (or that replay has read past); nothing at or below it is sent.
    let seen = BigInt(after ?? liveFrom);
    let replay: LiveEvent[] = [];
    let replayDone = after === null || seen >= BigInt(liveFrom);

    const close = () => {
      subscribers.delete(entry);
      queue.close();
    };

    const readReplayPage = async () => {
      const page = await stream.readAfter(seen.toString(), REPLAY_PAGE, councilId);
      replay = page.filter(filter);
      const pageEnd = page.length > 0 ? BigInt(page[page.length - 1]!.id) : seen;
      if (page.length < REPLAY_PAGE || pageEnd >= BigInt(liveFrom)) replayDone = true;
      return pageEnd;
    };

    const iterator: AsyncIterableIterator<LiveEvent> = {
      async next(): Promise<IteratorResult<LiveEvent>> {
        for (;;) {
          const fromReplay = replay.shift();
          if (fromReplay) return { value: fromReplay, done: false };
          if (!replayDone) {
            seen = await readReplayPage();
            continue;
          }
          const live = await queue.next();
          if (live.done) return live;
          const id = BigInt(live.value.id);
          if (id <= seen) continue;
          seen = id;
          return live;
        }
      },
      async return(): Promise<IteratorResult<LiveEvent>> {
        close();
        return { value: undefined, done: true };
      },
      async throw(err?: unknown): Promise<IteratorResult<LiveEvent>> {
        close();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  closeAll(): void {
    for (const s of this.subscribers) s.queue.close();
    this.subscribers.clear();
  }
}
