import type { LiveFeed, FeedConsumer } from '../../realtime/hub.js';
import type { LiveEvent } from '../../realtime/live-event.js';
import type { ExecutionGroup, LiveMember } from '../../realtime/shared-execution.js';
import type { Connection } from './core.js';
import type { Person } from './people.js';

/** How a live subscription ends, told to its client. */
export interface LiveEnds {
  complete(c: Connection, id: string): void;
  endWithError(c: Connection, id: string, err: unknown): void;
}

/**
 * A live subscription, held for as long as it runs: the feed's consumer, its group's member, and what the socket's
 * operations map holds under its id. One object with no closures of its own: thousands are held at once.
 */
export class LiveAnswer implements FeedConsumer, LiveMember {
  private left = false;

  constructor(
    private readonly server: LiveEnds,
    private readonly connection: Connection,
    readonly id: string,
    private readonly feed: LiveFeed,
    private readonly group: ExecutionGroup,
  ) {}

  deliver(e: LiveEvent): void {
    this.group.offer(e, this);
  }

  /** Writes one serialised result of the group under this subscription's id, straight to the socket. */
  send(json: string): void {
    const c = this.connection;
    if (!c.open || c.cutIfBehind()) return;
    c.push(`{"id":${JSON.stringify(this.id)},"type":"next","payload":${json}}`);
  }

  /** The replay could not be read: the client hears of it as an error, and the subscription ends. */
  fail(err: unknown): void {
    if (!this.connection.operations.isHeldBy(this.id, this)) return;
    this.server.endWithError(this.connection, this.id, err);
  }

  /** The feed closed: the group loses a member, and a client that did not ask for the end hears of it. */
  ended(): void {
    if (!this.left) {
      this.left = true;
      this.group.leave();
    }
    if (!this.connection.operations.isHeldBy(this.id, this)) return;
    this.server.complete(this.connection, this.id);
  }

  stop(): void {
    this.feed.close();
  }
}

/** An operation id reserved while the operation is set up (null), or the live subscription it became. */
type Held = LiveAnswer | null;

/** A socket's operations by id: nearly always one, so a map is made only for a second. */
export class Operations {
  private soleId: string | null = null;
  private sole: Held = null;
  private more: Map<string, Held> | null = null;
  /** Who signed in on the socket, whose count of operations across all their sockets this map keeps up to date. */
  person: Person | null = null;

  get size(): number {
    return (this.soleId === null ? 0 : 1) + (this.more?.size ?? 0);
  }

  has(id: string): boolean {
    return this.soleId === id || (this.more?.has(id) ?? false);
  }

  isHeldBy(id: string, op: LiveAnswer): boolean {
    return this.soleId === id ? this.sole === op : this.more?.get(id) === op;
  }

  get(id: string): Held {
    return this.soleId === id ? this.sole : (this.more?.get(id) ?? null);
  }

  set(id: string, op: Held): void {
    if (this.person && !this.has(id)) this.person.operations += 1;
    if (this.soleId === id || (this.soleId === null && !this.more?.has(id))) {
      this.soleId = id;
      this.sole = op;
    } else (this.more ??= new Map()).set(id, op);
  }

  delete(id: string): boolean {
    let deleted: boolean;
    if (this.soleId === id) {
      this.soleId = null;
      this.sole = null;
      deleted = true;
    } else deleted = this.more?.delete(id) ?? false;
    if (deleted && this.person) this.person.operations -= 1;
    return deleted;
  }

  /** Empties the map, returning what it held. */
  clear(): LiveAnswer[] {
    const held: LiveAnswer[] = [];
    if (this.person) this.person.operations -= this.size;
    if (this.sole) held.push(this.sole);
    if (this.more) for (const op of this.more.values()) if (op) held.push(op);
    this.soleId = null;
    this.sole = null;
    this.more = null;
    return held;
  }
}
