import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
} from 'graphql';
import {
  CloseCode,
  DEPRECATED_GRAPHQL_WS_PROTOCOL,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  handleProtocols,
  MessageType,
  parseMessage,
  stringifyMessage,
  type ConnectionInitMessage,
  type Message,
  type SubscribeMessage,
} from 'graphql-ws';
import DataLoader from 'dataloader';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { bearerToken, signedIn, type StaffRow, type Viewer } from '../auth/viewer.js';
import { ERROR_CODES, KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { queryPrepared } from '../db/prepared.js';
import { visibilityScope } from '../access/policy.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { hostAllowed } from './host-check.js';
import { DocumentCache } from '../graphql/document-cache.js';
import type { makeFormatError } from '../graphql/format-error.js';
import { LIMIT_RULES, LIMITS } from '../graphql/limits.js';
import { LiveFeed, type FeedConsumer, type SubscriptionHub } from '../realtime/hub.js';
import type { LiveEvent } from '../realtime/live-event.js';
import { SharedExecution, type ExecutionGroup, type LiveMember } from '../realtime/shared-execution.js';

/**
 * Closed with when `connection_init` is refused, when a token expires, and when the person signed in is no longer
 * who they were at sign-in (deactivated, or another role, centre or council).
 */
const FORBIDDEN_CLOSE = CloseCode.Forbidden;
/** WebSocket's own "try again later" (RFC 6455 registry): the server cannot serve now, the client may retry. */
const TRY_AGAIN_LATER = 1013;
/**
 * Closed with when a person already holds as many sockets as they may (`KINROOM_SOCKETS_PER_PERSON`). Not one of
 * graphql-ws's own codes, so its clients retry with their backoff: one of the person's other sockets may close.
 */
export const TOO_MANY_SOCKETS_CLOSE = 4430;
/** How often every socket is pinged; one that has not answered its previous ping by then is dropped. */
export const KEEP_ALIVE_MS = 12_000;
/**
 * How often the people with open sockets are read again, all of them in one statement: a person deactivated, or
 * given another role, centre or council, loses their sockets and subscriptions within this time.
 */
export const ACCESS_RECHECK_MS = 2_000;

/**
 * A live subscription, held for as long as it runs: the feed's consumer, its group's member, and what the socket's
 * operations map holds under its id. One object with no closures of its own: thousands are held at once.
 */
class LiveAnswer implements FeedConsumer, LiveMember {
  private left = false;

  constructor(
    private readonly server: WsServer,
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
    const socket = this.connection.socket;
    if (socket.readyState !== WebSocket.OPEN || cutIfBehind(socket)) return;
    socket.send(`{"id":${JSON.stringify(this.id)},"type":"next","payload":${json}}`);
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
class Operations {
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

/**
 * What is kept for one open socket, for as long as it is open; with thousands of idle subscribers, every field
 * counts. The socket's listeners are shared by all sockets and find it by the socket.
 */
class Connection {
  /** Whether the socket speaks graphql-transport-ws; one that does not is closed at once and never heard. */
  readonly speaks: boolean;
  initReceived = false;
  acknowledged = false;
  readonly operations = new Operations();
  /** Closes the socket if `connection_init` does not arrive in time; dropped once it has. */
  initTimer: NodeJS.Timeout | null = null;
  /** The heartbeat's tick at which a ping was sent that has not been answered yet; -1 when none is awaited. */
  pingedAt = -1;
  /** When the sign-in expires (ms since the epoch); 0 before sign-in. */
  expiresAt = 0;

  constructor(readonly socket: WebSocket) {
    this.speaks = socket.protocol === GRAPHQL_TRANSPORT_WS_PROTOCOL;
  }

  /** Who signed in on this socket, once `connection_init` has been accepted (one object for all their sockets). */
  get person(): Person | null {
    return this.operations.person;
  }

  get viewer(): Viewer | null {
    return this.operations.person?.viewer ?? null;
  }

  /** Sends a protocol message; settles once written (at once if the socket is no longer open). */
  send(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      const data = stringifyMessage(message);
      if (this.socket.readyState !== WebSocket.OPEN) return resolve();
      this.socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
}

/**
 * Keeps sockets alive and finds dead ones with one timer for all: every socket is pinged once per `intervalMs`, the
 * pings spread over the interval in slices rather than sent all at once, and a socket whose last ping has gone
 * unanswered for a whole interval is terminated. Slices are small (a tenth of a second of a 12-second interval) so
 * that a live update arriving while one is being pinged waits for a few milliseconds of pings, not a tenth of every
 * socket's: with 20,000 sockets, a slice of 2,000 pings held an update back by tens of milliseconds.
 */
class Heartbeat {
  private static readonly SLICES = 120;
  private tick = 0;
  private round: MapIterator<Connection> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly connections: Map<WebSocket, Connection>,
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

  private visit(c: Connection): void {
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
class Expiries {
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

/** Whether two viewers of one person may see the same: the same council, role and centre. */
function sameAccess(a: Viewer, b: Viewer): boolean {
  return a.councilId === b.councilId && a.role === b.role && a.centreId === b.centreId;
}

/** Whether the row read now still makes the person who they were when their sockets signed in. */
function stillHolds(viewer: Viewer, now: StaffRow | null | undefined): now is StaffRow {
  return (
    !!now &&
    now.active &&
    now.council_id === viewer.councilId &&
    now.role === viewer.role &&
    now.centre_id === viewer.centreId
  );
}

/**
 * One person signed in on one or more sockets: one viewer object for all of them, and what they hold across them
 * (sockets, operations), for the caps. Held while any of their sockets is open.
 */
class Person {
  sockets = 0;
  operations = 0;
  /** Found to be someone else now (or no one): their sockets are being closed, and nothing more is served. */
  revoked = false;

  constructor(public viewer: Viewer) {}
}

/** The people with signed-in sockets open, by user id. */
class People {
  private readonly byUser = new Map<string, Person>();

  constructor(
    private readonly maxSockets: number,
    /** Closes every socket of a person who is no longer who they signed in as. */
    private readonly revoke: (p: Person) => void,
  ) {}

  get size(): number {
    return this.byUser.size;
  }

  all(): Person[] {
    return [...this.byUser.values()];
  }

  /**
   * The person `viewer` is, for one more socket; null when they already hold as many as they may. A sign-in that
   * finds them with another role, centre or council than their open sockets were given closes those sockets: the
   * database has said who they are now.
   */
  admit(viewer: Viewer): Person | null {
    let p = this.byUser.get(viewer.userId);
    if (p && !sameAccess(p.viewer, viewer)) {
      this.withdraw(p);
      p = undefined;
    }
    if (!p) {
      p = new Person(viewer);
      this.byUser.set(viewer.userId, p);
    } else if (p.viewer.name !== viewer.name) p.viewer = viewer;
    if (p.sockets >= this.maxSockets) return null;
    p.sockets += 1;
    return p;
  }

  release(p: Person): void {
    p.sockets -= 1;
    if (p.sockets === 0 && this.byUser.get(p.viewer.userId) === p) this.byUser.delete(p.viewer.userId);
  }

  /** Compares what was read now with who each person signed in as; anyone else loses their sockets at once. */
  judge(people: readonly Person[], rows: ReadonlyMap<string, StaffRow>): void {
    for (const p of people) {
      if (p.revoked) continue;
      const now = rows.get(p.viewer.userId);
      if (!stillHolds(p.viewer, now)) this.withdraw(p);
      else if (now.name !== p.viewer.name) p.viewer = { ...p.viewer, name: now.name };
    }
  }

  withdraw(p: Person): void {
    if (p.revoked) return;
    p.revoked = true;
    if (this.byUser.get(p.viewer.userId) === p) this.byUser.delete(p.viewer.userId);
    this.revoke(p);
  }
}

/** Reads the staff rows of many people in one statement. */
async function readStaff(orm: Orm, userIds: readonly string[]): Promise<Map<string, StaffRow>> {
  const rows = await queryPrepared<StaffRow>(
    orm.em,
    'select id, council_id, role, centre_id, name, active from staff_user where id = any(?::uuid[])',
    [userIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Reads again, every `intervalMs`, who every person with an open socket is, in ONE statement for all of them, and
 * closes the sockets of anyone who is no longer who they signed in as. One timer for the process, none per socket;
 * a round that is still reading when the next is due is not overlapped.
 */
class AccessRecheck {
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly orm: Orm,
    private readonly people: People,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.round(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async round(): Promise<void> {
    if (this.running || this.people.size === 0) return;
    this.running = true;
    try {
      const people = this.people.all();
      const ids = people.map((p) => p.viewer.userId);
      this.people.judge(people, await readStaff(this.orm, ids));
    } catch {
      // The database is out of reach: nothing can be served from it meanwhile, and the next round reads again.
    } finally {
      this.running = false;
    }
  }
}

/** A client that cannot keep up is cut loose rather than buffered without end; it resumes from its cursor. */
function cutIfBehind(socket: WebSocket): boolean {
  if (socket.bufferedAmount <= LIMITS.maxSocketBacklogBytes) return false;
  socket.close(TRY_AGAIN_LATER, 'Too slow to keep up: reconnect and resume from your last cursor');
  return true;
}

/** A close reason must fit in a close frame. */
function closeReason(reason: string, whenTooLong: string): string {
  return reason.length < 124 ? reason : whenTooLong;
}

/** How a live subscription ends, told to its client. */
interface WsServer {
  complete(c: Connection, id: string): void;
  endWithError(c: Connection, id: string, err: unknown): void;
}

interface ProtocolParts {
  schema: GraphQLSchema;
  config: Config;
  orm: Orm;
  hub: SubscriptionHub;
  formatError: ReturnType<typeof makeFormatError>;
  clock: () => Date;
  expiries: Expiries;
  people: People;
  /** Sockets one person may hold open at once (for the close reason; `People` enforces it). */
  maxSocketsPerPerson: number;
  /** Subscriptions (and operations being answered) one person may hold across all their sockets. */
  maxSubscriptionsPerPerson: number;
  /** A message that could not be handled or answered: logged, and the socket closed with 4500. */
  failed(c: Connection, err: unknown): void;
}

/**
 * The graphql-transport-ws protocol, as graphql-ws's own server speaks it (the same messages, checks, close codes and
 * order of replies), with Kinroom's rules: the bearer token in `connection_init`, the limits HTTP has, and live
 * subscriptions answered from their feeds. A live subscription leaves nothing waiting behind it: no suspended
 * handler, no copy of its message; just its `LiveAnswer`, until it ends.
 */
class Protocol implements WsServer {
  private readonly rules;
  /**
   * Documents that parsed and passed validation, by their text: a thousand dashboards subscribing with the same
   * operation parse and validate it once, and hold one copy.
   */
  private readonly documents = new DocumentCache();
  private readonly shared: SharedExecution;
  /**
   * Who the people sending operations are now: the operations that arrive together are checked with one read of
   * their staff rows, made after they arrived.
   */
  private readonly staffNow: DataLoader<string, StaffRow | null>;

  constructor(private readonly p: ProtocolParts) {
    this.rules = [
      ...specifiedRules,
      ...LIMIT_RULES,
      ...(p.config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
    this.shared = new SharedExecution((result) => this.formatResult(result));
    this.staffNow = new DataLoader(
      async (ids) => {
        const rows = await readStaff(p.orm, ids);
        return ids.map((id) => rows.get(id) ?? null);
      },
      { cache: false },
    );
  }

  async receive(c: Connection, data: string): Promise<void> {
    // A socket being closed (its person revoked, its token expired) is served nothing more, whatever it still sends.
    if (c.socket.readyState !== WebSocket.OPEN) return;
    let message: Message;
    try {
      message = parseMessage(data);
    } catch {
      return c.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        return this.connectionInit(c, message);
      case MessageType.Ping:
        return c.send(
          message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong },
        );
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return this.subscribe(c, message);
      case MessageType.Complete: {
        const op = c.operations.get(message.id);
        c.operations.delete(message.id);
        op?.stop();
        return;
      }
      default:
        throw new Error(`Unexpected message of type ${message.type} received`);
    }
  }

  /** The socket closed: whatever it still runs is stopped. */
  closed(c: Connection): void {
    if (c.initTimer) clearTimeout(c.initTimer);
    c.initTimer = null;
    for (const op of c.operations.clear()) op.stop();
    this.p.expiries.remove(c);
    const person = c.person;
    c.operations.person = null;
    if (person) this.p.people.release(person);
  }

  /**
   * Ends a signed-in socket at once (its person revoked, its token expired): its subscriptions stop now, not when
   * the client answers the close, and the client is told with 4403.
   */
  shut(c: Connection): void {
    for (const op of c.operations.clear()) op.stop();
    c.close(FORBIDDEN_CLOSE, 'Forbidden');
  }

  complete(c: Connection, id: string): void {
    c.operations.delete(id);
    c.send({ id, type: MessageType.Complete }).catch((err: unknown) => this.p.failed(c, err));
  }

  endWithError(c: Connection, id: string, err: unknown): void {
    // Let go of first: the feed closes right after, and a subscription that failed is not also completed.
    c.operations.delete(id);
    const originalError = err instanceof Error ? err : new Error(String(err));
    this.sendErrors(c, id, [new GraphQLError(originalError.message, { originalError })]).catch((e: unknown) =>
      this.p.failed(c, e),
    );
  }

  private async connectionInit(c: Connection, message: ConnectionInitMessage): Promise<void> {
    if (c.initReceived)
      return c.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
    c.initReceived = true;
    if (c.initTimer) clearTimeout(c.initTimer);
    c.initTimer = null;
    if (!(await this.signIn(c, message.payload ?? {}))) return c.close(FORBIDDEN_CLOSE, 'Forbidden');
    c.acknowledged = true;
    await c.send({ type: MessageType.ConnectionAck });
  }

  /** Reads the token once; nothing of the connection parameters is kept for the life of the socket. */
  private async signIn(c: Connection, params: Record<string, unknown>): Promise<boolean> {
    const raw =
      typeof params.token === 'string'
        ? params.token
        : bearerToken(typeof params.authorization === 'string' ? params.authorization : null);
    if (!raw) return false;
    const { orm, config } = this.p;
    try {
      // Only the connection is used, which the global EntityManager reaches as well as a fork would: no fork per
      // socket, made and thrown away at once.
      const session = await signedIn(orm.em, raw, config.jwtSecret);
      if (!session) return false;
      // Gone while its token was checked: nothing to keep for it.
      if (c.socket.readyState === WebSocket.CLOSED) return false;
      const person = this.p.people.admit(session.viewer);
      if (!person) {
        c.close(TOO_MANY_SOCKETS_CLOSE, `TOO_MANY_SOCKETS: at most ${this.p.maxSocketsPerPerson} per person`);
        return false;
      }
      c.operations.person = person;
      this.p.expiries.add(c, session.expiresAt.getTime());
      return true;
    } catch (err) {
      // The token may be fine: with the database out of reach, say "try again later" (1013), not 4403, which a
      // client rightly takes as a sign-in to throw away.
      if (!(err instanceof KinroomError) && translateDatabaseError(err)?.code === 'SERVICE_UNAVAILABLE') {
        c.close(TRY_AGAIN_LATER, ERROR_CODES.SERVICE_UNAVAILABLE);
      }
      return false;
    }
  }

  private async subscribe(c: Connection, message: SubscribeMessage): Promise<void> {
    if (!c.acknowledged) return c.close(CloseCode.Unauthorized, 'Unauthorized');
    const { id, payload } = message;
    const ops = c.operations;
    if (ops.has(id)) return c.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    ops.set(id, null);
    try {
      const refused = this.overCap(c);
      if (refused) return await this.sendErrors(c, id, [refused]);
      if (!(await this.stillSignedIn(c, id))) return;
      const prepared = await this.prepare(c, payload);
      if (!('args' in prepared)) {
        if (ops.has(id)) await this.sendErrors(c, id, prepared);
        return;
      }
      const { args, group } = prepared;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) {
        if (ops.has(id)) await this.sendErrors(c, id, [new GraphQLError('Unable to identify operation')]);
        return;
      }
      // The access log records what the server runs, not the name the client gave it.
      (args.contextValue as GraphQLContext).operation.ran(args.document, operation);
      let result: ExecutionResult;
      if (operation.operation === 'subscription') {
        const source = await createSourceEventStream(args);
        if (source instanceof LiveFeed) {
          const answer = new LiveAnswer(this, c, id, source, this.shared.join(group, args));
          if (!ops.has(id)) {
            // Completed by the client, or the socket closed, while it was set up.
            source.attach(answer);
            answer.stop();
            return;
          }
          ops.set(id, answer);
          source.attach(answer);
          return;
        }
        if (Symbol.asyncIterator in source)
          throw new Error('A subscription must be served from a live feed.');
        result = source;
      } else {
        result = await execute(args);
      }
      if (ops.has(id)) await this.sendNext(c, id, result);
      if (ops.has(id)) await c.send({ id, type: MessageType.Complete });
    } finally {
      if (ops.get(id) === null) ops.delete(id);
    }
  }

  /** Refuses an operation (already counted) past the caps of its socket or of its person. */
  private overCap(c: Connection): GraphQLError | null {
    if (c.operations.size - 1 >= LIMITS.maxSubscriptionsPerConnection) {
      return new GraphQLError(
        `A connection may hold at most ${LIMITS.maxSubscriptionsPerConnection} subscriptions.`,
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'subscriptions' } },
      );
    }
    const max = this.p.maxSubscriptionsPerPerson;
    if (c.person && c.person.operations - 1 >= max) {
      const refusal = new KinroomError(
        'RATE_LIMITED',
        `One person may hold at most ${max} subscriptions across all their connections: end one first.`,
        { limit: 'subscriptionsPerPerson' },
      );
      return new GraphQLError(refusal.message, { originalError: refusal });
    }
    return null;
  }

  /**
   * Whether the socket's person is still who they signed in as, read now, as HTTP reads it for every request. One
   * who is not loses every socket they hold (4403), this one included, and the operation is not answered; with the
   * database out of reach, the operation is refused as HTTP would refuse it.
   */
  private async stillSignedIn(c: Connection, id: string): Promise<boolean> {
    const person = c.person!;
    let now: StaffRow | null;
    try {
      now = await this.staffNow.load(person.viewer.userId);
    } catch (err) {
      const refusal = translateDatabaseError(err);
      if (refusal?.code !== 'SERVICE_UNAVAILABLE') throw err;
      if (c.operations.has(id))
        await this.sendErrors(c, id, [new GraphQLError(refusal.message, { originalError: refusal })]);
      return false;
    }
    if (person.revoked) return false;
    this.p.people.judge([person], new Map(now ? [[now.id, now]] : []));
    return !person.revoked && c.operations.has(id);
  }

  /** The operation's arguments and its execution group's key, or the errors that refuse it. */
  private async prepare(
    c: Connection,
    payload: SubscribeMessage['payload'],
  ): Promise<{ args: ExecutionArgs; group: string } | readonly GraphQLError[]> {
    if (payload.query.length > LIMITS.maxDocumentChars) {
      return [
        new GraphQLError('The operation document is too large.', { extensions: { code: 'BAD_USER_INPUT' } }),
      ];
    }
    const { schema, orm, config, clock, hub } = this.p;
    let document = await this.documents.get(payload.query);
    if (!document) {
      try {
        document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
      } catch (err) {
        return [new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
      const errors = validate(schema, document, this.rules);
      if (errors.length > 0) return errors.map((e) => asClientError(e, 'GRAPHQL_VALIDATION_FAILED'));
      await this.documents.set(payload.query, document);
    }
    const viewer = c.viewer;
    const variableValues = payload.variables ?? undefined;
    const contextValue = createContext({
      orm,
      viewer,
      config,
      operationName: payload.operationName ?? null,
      now: clock,
      hub,
    });
    return {
      args: {
        schema,
        document,
        contextValue,
        variableValues,
        operationName: payload.operationName ?? undefined,
        rootValue: undefined,
      },
      group: [
        viewer ? visibilityScope(viewer) : '',
        payload.operationName ?? '',
        JSON.stringify(variableValues ?? {}),
        payload.query,
      ].join('\n'),
    };
  }

  private async sendNext(c: Connection, id: string, result: ExecutionResult): Promise<void> {
    // A socket too far behind is closed by the check, and nothing more is sent to it.
    if (cutIfBehind(c.socket)) return;
    // A resolver's error always has a path; one without is the request's own (variables that do not fit).
    const errors = result.errors?.map((e) => (e.path ? e : asClientError(e, 'BAD_USER_INPUT')));
    await c.send({
      id,
      type: MessageType.Next,
      payload: this.formatResult(errors ? { ...result, errors } : result),
    });
  }

  private async sendErrors(c: Connection, id: string, errors: readonly GraphQLError[]): Promise<void> {
    await c.send({
      id,
      type: MessageType.Error,
      payload: errors.map((e) => this.p.formatError(e.toJSON(), e)),
    });
  }

  private formatResult(result: ExecutionResult): FormattedExecutionResult {
    const { formatError } = this.p;
    return result.errors
      ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
      : result;
  }
}

/**
 * graphql-js leaves its own refusals without a code: a document that does not validate, variables that do not fit
 * the operation. Apollo tags them on HTTP; the socket must too, or the formatter would take a client's mistake for
 * a failure of ours.
 */
function asClientError(e: GraphQLError, code: string): GraphQLError {
  if (e.extensions.code) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

/** Which browser pages may open a socket: the configured origins, or this server's own address. */
function originAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true; // not a browser: the token decides
  if (config.allowedOrigins.length > 0) return config.allowedOrigins.includes(origin);
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * GraphQL over WebSocket (graphql-transport-ws, the protocol of graphql-ws) on the HTTP server's port, with the same
 * protections as HTTP: the bearer token in `connection_init` (closed with 4403 when missing, invalid or expired),
 * the same validation limits, a cap on subscriptions per connection, a message size cap, an init timeout and an
 * Origin allowlist.
 *
 * An idle socket costs little: no timers of its own (one heartbeat, and one expiry timer per moment, serve them
 * all), no closures of its own (its listeners are shared), nothing of its upgrade request or sign-in kept.
 */
export function attachWebSocket(
  httpServer: Server,
  schema: GraphQLSchema,
  config: Config,
  orm: Orm,
  hub: SubscriptionHub,
  formatError: ReturnType<typeof makeFormatError>,
  clock: () => Date = () => new Date(),
  keepAliveMs = KEEP_ALIVE_MS,
) {
  const isProd = config.env === 'production';
  // Upgrades are routed by hand (noServer) so that the HTTP server's own errors, such as a port in use, are
  // reported once, where it listens, and never relayed through the socket server. Open sockets are tracked here.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: LIMITS.maxPayloadBytes,
    handleProtocols,
    // A development instance answers only to its loopback names, on the upgrade as on HTTP (host-check.ts).
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }) =>
      hostAllowed(config, req) && originAllowed(config, origin, req.headers.host),
  });
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://kinroom').pathname;
    if (path !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const internalError = (socket: WebSocket, err: unknown) =>
    socket.close(
      CloseCode.InternalServerError,
      isProd
        ? 'Internal server error'
        : closeReason(err instanceof Error ? err.message : String(err), 'Internal server error'),
    );
  const failed = (c: Connection, err: unknown) => {
    console.error('Internal error occurred during message handling. Please check your implementation.', err);
    internalError(c.socket, err);
  };
  const connections = new Map<WebSocket, Connection>();
  const heartbeat = new Heartbeat(connections, keepAliveMs);
  // A person is revoked rarely: their sockets are found by going through all of them then, rather than by a set of
  // sockets kept for every person all the time.
  const people = new People(config.socketsPerPerson, (person) => {
    for (const c of connections.values()) if (c.person === person) protocol.shut(c);
  });
  const recheck = new AccessRecheck(orm, people, ACCESS_RECHECK_MS);
  const protocol: Protocol = new Protocol({
    schema,
    config,
    orm,
    hub,
    formatError,
    clock,
    expiries: new Expiries((c) => protocol.shut(c)),
    people,
    maxSocketsPerPerson: config.socketsPerPerson,
    maxSubscriptionsPerPerson: config.subscriptionsPerPerson,
    failed,
  });
  let drained: (() => void) | null = null;

  wss.once('error', (err) => {
    console.error('Internal error emitted on the WebSocket server. Please check your implementation.', err);
    let firstErr: unknown = null;
    for (const socket of connections.keys()) {
      try {
        internalError(socket, err);
      } catch (err2) {
        firstErr = firstErr ?? err2;
      }
    }
    if (firstErr) throw firstErr;
  });

  // The sockets' listeners, one of each for all of them: `this` is the socket.
  function onSocketError(this: WebSocket, err: Error) {
    // A client that breaks the protocol (a frame over the size cap, bad UTF-8, an unknown opcode) is the client's
    // fault, and anyone can do it before signing in: ws has already closed the socket with the right code, and one
    // line says so, never a stack trace per frame.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
      if (config.logLevel === 'info' || config.logLevel === 'debug')
        process.stdout.write(
          `kinroom: WebSocket closed: the client broke the protocol (${code}: ${err.message})\n`,
        );
      return;
    }
    console.error('Internal error emitted on a WebSocket socket. Please check your implementation.', err);
    internalError(this, err);
  }
  function onSocketMessage(this: WebSocket, data: RawData) {
    const c = connections.get(this);
    if (!c?.speaks) return;
    protocol.receive(c, String(data)).catch((err: unknown) => failed(c, err));
  }
  function onSocketPong(this: WebSocket) {
    const c = connections.get(this);
    if (c) c.pingedAt = -1;
  }
  function onSocketClose(this: WebSocket, code: number) {
    const c = connections.get(this);
    if (!c) return;
    connections.delete(this);
    protocol.closed(c);
    if (
      !isProd &&
      code === CloseCode.SubprotocolNotAcceptable &&
      this.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL
    )
      console.warn(
        `Client provided the unsupported and deprecated subprotocol "${this.protocol}" used by subscriptions-transport-ws.` +
          'Please see https://www.apollographql.com/docs/apollo-server/data/subscriptions/#switching-from-subscriptions-transport-ws.',
      );
    if (connections.size === 0) drained?.();
  }
  function closeUninitialised(c: Connection) {
    c.initTimer = null;
    if (!c.initReceived)
      c.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  }

  wss.on('connection', (socket: WebSocket) => {
    const c = new Connection(socket);
    connections.set(socket, c);
    socket.on('error', onSocketError);
    socket.on('message', onSocketMessage);
    socket.on('pong', onSocketPong);
    socket.on('close', onSocketClose);
    if (!c.speaks) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    c.initTimer = setTimeout(closeUninitialised, LIMITS.connectionInitTimeoutMs, c);
  });

  return {
    wss,
    close: async () => {
      heartbeat.stop();
      recheck.stop();
      const gone = new Promise<void>((resolve) => {
        drained = resolve;
        if (connections.size === 0) resolve();
      });
      for (const socket of connections.keys()) socket.close(1001, 'Going away');
      wss.removeAllListeners();
      await gone;
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
