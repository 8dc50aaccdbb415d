/**
 * The graphql-transport-ws protocol with no socket in it: messages in, messages and closes out through a
 * `Connection`, which the `ws` adapter (adapter.ts) implements over a real socket and the tests over a fake one.
 */

import DataLoader from 'dataloader';
import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import {
  CloseCode,
  MessageType,
  parseMessage,
  stringifyMessage,
  type ConnectionInitMessage,
  type Message,
  type SubscribeMessage,
} from 'graphql-ws';
import { bearerToken, type SignedIn, type StaffRow, type Viewer } from '../../auth/viewer.js';
import { ERROR_CODES, KinroomError } from '../../common/errors.js';
import { translateDatabaseError } from '../../db/database-errors.js';
import { LIMITS } from '../../graphql/limits.js';
import type { OperationPipeline } from '../../graphql/pipeline.js';
import { LiveFeed, type SubscriptionHub } from '../../realtime/hub.js';
import { SharedExecution } from '../../realtime/shared-execution.js';
import { LiveAnswer, Operations, type LiveEnds } from './operations.js';
import { People, type Person, type StaffReader } from './people.js';

/**
 * Closed with when `connection_init` is refused, when a token expires, and when the person signed in is no longer
 * who they were at sign-in (deactivated, or another role, centre or council).
 */
export const FORBIDDEN_CLOSE = CloseCode.Forbidden;
/** WebSocket's own "try again later" (RFC 6455 registry): the server cannot serve now, the client may retry. */
export const TRY_AGAIN_LATER = 1013;
/**
 * Closed with when a person already holds as many sockets as they may (`KINROOM_SOCKETS_PER_PERSON`). Not one of
 * graphql-ws's own codes, so its clients retry with their backoff: one of the person's other sockets may close.
 */
export const TOO_MANY_SOCKETS_CLOSE = 4430;

/**
 * What is kept for one open socket, for as long as it is open; with thousands of idle subscribers, every field
 * counts. The protocol reaches the socket only through the few methods below: the adapter implements them over a
 * `ws` socket, the tests over a fake one.
 */
export abstract class Connection {
  initReceived = false;
  acknowledged = false;
  readonly operations = new Operations();
  /** Closes the socket if `connection_init` does not arrive in time; dropped once it has. */
  initTimer: NodeJS.Timeout | null = null;
  /** When the sign-in expires (ms since the epoch); 0 before sign-in. */
  expiresAt = 0;

  /** Whether the socket is open: one being closed is served nothing more. */
  abstract get open(): boolean;
  /** Whether the socket has closed for good. */
  abstract get gone(): boolean;
  /** Writes one message; settles once written (at once if the socket is no longer open). */
  abstract write(data: string): Promise<void>;
  /** Writes one message without waiting for it: a live result, sent to thousands at once. */
  abstract push(data: string): void;
  /**
   * A client that cannot keep up is cut loose rather than buffered without end (it resumes from its cursor):
   * closes the socket if too much is waiting to be sent to it, and says whether it did.
   */
  abstract cutIfBehind(): boolean;
  abstract close(code: number, reason: string): void;

  /** Who signed in on this socket, once `connection_init` has been accepted (one object for all their sockets). */
  get person(): Person | null {
    return this.operations.person;
  }

  get viewer(): Viewer | null {
    return this.operations.person?.viewer ?? null;
  }

  /** Sends a protocol message; settles once written (at once if the socket is no longer open). */
  send(message: Message): Promise<void> {
    return this.write(stringifyMessage(message));
  }
}

/** When signed-in sockets must be closed because their token expires. */
export interface TokenExpiries {
  add(c: Connection, at: number): void;
  remove(c: Connection): void;
}

export interface ProtocolParts {
  pipeline: OperationPipeline;
  hub: SubscriptionHub;
  /** Who a bearer token signs in; null for a token that signs in no one. */
  signIn(token: string): Promise<SignedIn | null>;
  readStaff: StaffReader;
  /** Every open connection: a revoked person's sockets are found among them. */
  connections(): Iterable<Connection>;
  expiries: TokenExpiries;
  /** Sockets one person may hold open at once. */
  maxSocketsPerPerson: number;
  /** Subscriptions (and operations being answered) one person may hold across all their sockets. */
  maxSubscriptionsPerPerson: number;
  /** Whether close reasons hide internal error messages. */
  production: boolean;
}

/** A close reason must fit in a close frame. */
function closeReason(reason: string, whenTooLong: string): string {
  return reason.length < 124 ? reason : whenTooLong;
}

/** Closes a socket (or a connection) on a fault of ours: 4500, with the error's message outside production. */
export function closeOnInternalError(
  socket: { close(code: number, reason: string): void },
  err: unknown,
  production: boolean,
): void {
  socket.close(
    CloseCode.InternalServerError,
    production
      ? 'Internal server error'
      : closeReason(err instanceof Error ? err.message : String(err), 'Internal server error'),
  );
}

/**
 * The graphql-transport-ws protocol, as graphql-ws's own server speaks it (the same messages, checks, close codes and
 * order of replies), with Kinroom's rules: the bearer token in `connection_init`, the caps per socket and per
 * person, and live subscriptions answered from their feeds. Operations are parsed, validated, given their context,
 * executed and formatted by the same pipeline as HTTP's. A live subscription leaves nothing waiting behind it: no
 * suspended handler, no copy of its message; just its `LiveAnswer`, until it ends.
 */
export class Protocol implements LiveEnds {
  /** The people with signed-in sockets open, and the caps on what each may hold. */
  readonly people: People;
  private readonly shared: SharedExecution;
  /**
   * Who the people sending operations are now: the operations that arrive together are checked with one read of
   * their staff rows, made after they arrived.
   */
  private readonly staffNow: DataLoader<string, StaffRow | null>;

  constructor(private readonly p: ProtocolParts) {
    // A person is revoked rarely: their sockets are found by going through all of them then, rather than by a set
    // of sockets kept for every person all the time.
    this.people = new People(p.maxSocketsPerPerson, (person) => {
      for (const c of p.connections()) if (c.person === person) this.shut(c);
    });
    this.shared = new SharedExecution((result) => p.pipeline.format(result));
    this.staffNow = new DataLoader(
      async (ids) => {
        const rows = await p.readStaff(ids);
        return ids.map((id) => rows.get(id) ?? null);
      },
      { cache: false },
    );
  }

  /** A socket speaking graphql-transport-ws opened: it has a while to send `connection_init`. */
  opened(c: Connection): void {
    c.initTimer = setTimeout(closeUninitialised, LIMITS.connectionInitTimeoutMs, c);
  }

  /** A message could not be handled or answered: logged, and the socket closed with 4500. */
  failed(c: Connection, err: unknown): void {
    this.p.pipeline.fault(err, 'a WebSocket message could not be handled');
    closeOnInternalError(c, err, this.p.production);
  }

  async receive(c: Connection, data: string): Promise<void> {
    // A socket being closed (its person revoked, its token expired) is served nothing more, whatever it still sends.
    if (!c.open) return;
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
    if (person) this.people.release(person);
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
    c.send({ id, type: MessageType.Complete }).catch((err: unknown) => this.failed(c, err));
  }

  endWithError(c: Connection, id: string, err: unknown): void {
    // Let go of first: the feed closes right after, and a subscription that failed is not also completed.
    c.operations.delete(id);
    const originalError = err instanceof Error ? err : new Error(String(err));
    this.sendErrors(c, id, [new GraphQLError(originalError.message, { originalError })]).catch((e: unknown) =>
      this.failed(c, e),
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
    try {
      const session = await this.p.signIn(raw);
      if (!session) return false;
      // Gone while its token was checked: nothing to keep for it.
      if (c.gone) return false;
      const person = this.people.admit(session.viewer);
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
    const started = performance.now();
    // Anything but an answer without errors (or a subscription set up) counts as failed.
    let failed = true;
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
      failed = false;
      const { pipeline } = this.p;
      let result: ExecutionResult;
      if (operation.operation === 'subscription') {
        const source = await pipeline.subscribe(args, operation);
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
        result = await pipeline.execute(args);
      }
      failed = !!result.errors?.length;
      if (ops.has(id)) await this.sendNext(c, id, result);
      if (ops.has(id)) await c.send({ id, type: MessageType.Complete });
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (ops.get(id) === null) ops.delete(id);
      this.p.pipeline.answered('websocket', payload.operationName, started, failed);
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
    this.people.judge([person], new Map(now ? [[now.id, now]] : []));
    return !person.revoked && c.operations.has(id);
  }

  /** The operation's arguments and what it shares an execution group by, or the errors that refuse it. */
  private async prepare(
    c: Connection,
    payload: SubscribeMessage['payload'],
  ): Promise<{ args: ExecutionArgs; group: string } | readonly GraphQLError[]> {
    const { pipeline, hub } = this.p;
    const document = await pipeline.document(payload.query);
    if (!('kind' in document)) return document;
    const viewer = c.viewer;
    const variableValues = payload.variables ?? undefined;
    const contextValue = pipeline.context({ viewer, operationName: payload.operationName ?? null, hub });
    return {
      args: {
        schema: pipeline.schema,
        document,
        contextValue,
        variableValues,
        operationName: payload.operationName ?? undefined,
        rootValue: undefined,
      },
      // Who may share the answers is the live topic's to say (realtime/live-topic.ts): the group is its scope
      // together with this operation and its variables.
      group: [payload.operationName ?? '', JSON.stringify(variableValues ?? {}), payload.query].join('\n'),
    };
  }

  private async sendNext(c: Connection, id: string, result: ExecutionResult): Promise<void> {
    // A socket too far behind is closed by the check, and nothing more is sent to it.
    if (c.cutIfBehind()) return;
    await c.send({ id, type: MessageType.Next, payload: this.p.pipeline.answer(result) });
  }

  private async sendErrors(c: Connection, id: string, errors: readonly GraphQLError[]): Promise<void> {
    await c.send({ id, type: MessageType.Error, payload: this.p.pipeline.formatErrors(errors) });
  }
}

function closeUninitialised(c: Connection): void {
  c.initTimer = null;
  if (!c.initReceived)
    c.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
}
