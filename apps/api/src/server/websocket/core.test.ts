import 'reflect-metadata';
import { buildSchema, execute, type GraphQLSchema } from 'graphql';
import { CloseCode, MessageType } from 'graphql-ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignedIn, StaffRow, Viewer } from '../../auth/viewer.js';
import type { Config } from '../../config/config.js';
import type { Orm } from '../../db/orm.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { LIMITS } from '../../graphql/limits.js';
import { OperationPipeline } from '../../graphql/pipeline.js';
import type { EventStream } from '../../realtime/event-stream.js';
import { REPLAY_PAGE, SubscriptionHub } from '../../realtime/hub.js';
import type { LiveEvent } from '../../realtime/live-event.js';
import { Connection, FORBIDDEN_CLOSE, Protocol, TOO_MANY_SOCKETS_CLOSE, TRY_AGAIN_LATER } from './core.js';

/**
 * The graphql-transport-ws protocol with no network and no database: messages go in through `receive`, and what the
 * server sends or closes is read off a fake connection. The `ws` adapter and the real sign-in are covered over real
 * sockets by the integration tests (ws.int.test.ts, test/hardening/ws-*.int.test.ts).
 */

const COUNCIL = '11111111-1111-4111-8111-111111111111';

const viewerOf = (userId: string, role: Viewer['role'] = 'admin'): Viewer => ({
  userId,
  councilId: COUNCIL,
  role,
  centreId: null,
  name: `Person ${userId}`,
});

/** A message as the client reads it. */
interface Sent {
  type: string;
  id?: string;
  payload?: {
    data?: { changed?: { cursor: string } };
    extensions?: Record<string, unknown>;
  } & { [index: number]: { extensions?: Record<string, unknown> } };
}

/** A socket that records what the protocol sends and how it closes it. */
class FakeConnection extends Connection {
  readonly sent: Sent[] = [];
  closedWith: { code: number; reason: string } | null = null;
  /** Set to make the client look too far behind to keep up. */
  behind = false;
  private state: 'open' | 'closing' | 'closed' = 'open';

  constructor(private readonly protocol: () => Protocol) {
    super();
  }

  get open(): boolean {
    return this.state === 'open';
  }

  get gone(): boolean {
    return this.state === 'closed';
  }

  async write(data: string): Promise<void> {
    if (this.open) this.sent.push(JSON.parse(data) as Sent);
  }

  push(data: string): void {
    this.sent.push(JSON.parse(data) as Sent);
  }

  cutIfBehind(): boolean {
    if (!this.behind) return false;
    this.close(TRY_AGAIN_LATER, 'Too slow to keep up');
    return true;
  }

  close(code: number, reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.closedWith = { code, reason };
    // The client answers the close later, as a real one does.
    queueMicrotask(() => {
      this.state = 'closed';
      this.protocol().closed(this);
    });
  }

  of(type: string, id?: string): Sent[] {
    return this.sent.filter((m) => m.type === type && (id === undefined || m.id === id));
  }
}

/** An outbox in memory: events committed so far, read a page at a time, and new ones announced to the hub. */
class FakeOutbox {
  readonly events: LiveEvent[] = [];
  private listener: ((events: LiveEvent[]) => void) | null = null;

  get cursor(): string {
    return String(this.events.length);
  }

  onEvents(listener: (events: LiveEvent[]) => void): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }

  async readAfter(cursor: string, limit: number): Promise<LiveEvent[]> {
    return this.events.filter((e) => e.seq > BigInt(cursor)).slice(0, limit);
  }

  commit(n = 1): void {
    const fresh = Array.from({ length: n }, (_, i) => this.event(this.events.length + i + 1));
    this.events.push(...fresh);
    this.listener?.(fresh);
  }

  private event(seq: number): LiveEvent {
    return {
      id: String(seq),
      seq: BigInt(seq),
      councilId: COUNCIL,
      centreId: null,
      childId: null,
      topic: 'session',
      kind: 'changed',
      subjectId: null,
      payload: {},
      createdAt: new Date(0),
    };
  }
}

function tinySchema(): GraphQLSchema {
  const schema = buildSchema(`
    type Query { hello: String! }
    type Change { cursor: String! }
    type Subscription { changed(after: String): Change! }
  `);
  schema.getQueryType()!.getFields().hello!.resolve = (_root, _args, ctx: GraphQLContext) =>
    `hello ${ctx.viewer?.name}`;
  const changed = schema.getSubscriptionType()!.getFields().changed!;
  changed.subscribe = (_root, args: { after?: string | null }, ctx: GraphQLContext) =>
    ctx.hub!.subscribe(ctx.viewer!.councilId, () => true, args.after ?? null);
  changed.resolve = (e: LiveEvent) => ({ cursor: e.id });
  return schema;
}

let outbox: FakeOutbox;
let protocol: Protocol;
let connections: Set<FakeConnection>;
/** Staff rows as the database holds them now, by user id. */
let staff: Map<string, StaffRow>;
const caps = { sockets: 3, subscriptions: 4 };

const rowOf = (v: Viewer): StaffRow => ({
  id: v.userId,
  council_id: v.councilId,
  role: v.role,
  centre_id: v.centreId,
  name: v.name,
  active: true,
  signed_out_before: null,
  live_keys: [],
});

beforeEach(() => {
  outbox = new FakeOutbox();
  connections = new Set();
  staff = new Map(['ann', 'bob'].map((id) => [id, rowOf(viewerOf(id))]));
  const schema = tinySchema();
  const pipeline = new OperationPipeline({
    schema,
    config: { env: 'test', introspection: false } as Config,
    orm: {} as Orm,
    executor: {
      execute: async (args) => execute(args),
      gateway: () => {
        throw new Error('HTTP is not served here');
      },
    },
    logError: () => {},
    clock: () => new Date(),
  });
  protocol = new Protocol({
    pipeline,
    hub: new SubscriptionHub(outbox as unknown as EventStream),
    // A token is the user id it signs in; "nobody" signs in no one.
    signIn: async (token): Promise<SignedIn | null> => {
      if (token === 'nobody' || !staff.has(token)) return null;
      return { viewer: viewerOf(token), expiresAt: new Date(Date.now() + 3_600_000), eventHead: 0n };
    },
    readStaff: async (ids) => new Map(ids.flatMap((id) => (staff.has(id) ? [[id, staff.get(id)!]] : []))),
    connections: () => connections,
    expiries: { add: () => {}, remove: () => {} },
    maxSocketsPerPerson: caps.sockets,
    maxSubscriptionsPerPerson: caps.subscriptions,
    production: true,
  });
});

afterEach(() => vi.useRealTimers());

function connect(): FakeConnection {
  const c = new FakeConnection(() => protocol);
  connections.add(c);
  protocol.opened(c);
  return c;
}

async function send(c: FakeConnection, message: Record<string, unknown>): Promise<void> {
  await protocol.receive(c, JSON.stringify(message));
}

async function signedIn(token = 'ann'): Promise<FakeConnection> {
  const c = connect();
  await send(c, { type: 'connection_init', payload: { token } });
  expect(c.of(MessageType.ConnectionAck)).toHaveLength(1);
  return c;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const SUBSCRIBE = 'subscription($after: String) { changed(after: $after) { cursor } }';

describe('signing in', () => {
  it('acknowledges a token that signs someone in, and refuses a second connection_init with 4429', async () => {
    const c = await signedIn();
    await send(c, { type: 'connection_init', payload: { token: 'ann' } });
    expect(c.closedWith).toEqual({
      code: CloseCode.TooManyInitialisationRequests,
      reason: 'Too many initialisation requests',
    });
  });

  it('closes with 4403 without a token, or with one that signs in no one', async () => {
    for (const payload of [{}, { token: 'nobody' }]) {
      const c = connect();
      await send(c, { type: 'connection_init', payload });
      expect(c.closedWith, JSON.stringify(payload)).toEqual({ code: FORBIDDEN_CLOSE, reason: 'Forbidden' });
      expect(c.of(MessageType.ConnectionAck)).toEqual([]);
    }
  });

  it('closes with 4408 a socket that does not send connection_init in time', () => {
    vi.useFakeTimers();
    const c = connect();
    vi.advanceTimersByTime(LIMITS.connectionInitTimeoutMs);
    expect(c.closedWith?.code).toBe(CloseCode.ConnectionInitialisationTimeout);
  });

  it('closes with 4401 a subscribe sent before the acknowledgement, and with 4400 a message it cannot read', async () => {
    const early = connect();
    await send(early, { type: 'subscribe', id: '1', payload: { query: '{ hello }' } });
    expect(early.closedWith?.code).toBe(CloseCode.Unauthorized);
    const garbled = connect();
    await protocol.receive(garbled, '{"type":"nonsense"');
    expect(garbled.closedWith?.code).toBe(CloseCode.BadRequest);
  });

  it('answers a ping with a pong carrying its payload', async () => {
    const c = connect();
    await send(c, { type: 'ping', payload: { at: 1 } });
    expect(c.sent).toEqual([{ type: 'pong', payload: { at: 1 } }]);
  });
});

describe('operations', () => {
  it('answers a query with next then complete, as the person now signed in', async () => {
    const c = await signedIn();
    await send(c, { type: 'subscribe', id: 'q', payload: { query: '{ hello }' } });
    expect(c.sent.slice(1)).toEqual([
      { id: 'q', type: 'next', payload: { data: { hello: 'hello Person ann' } } },
      { id: 'q', type: 'complete' },
    ]);
  });

  it('refuses a document that does not parse or validate, or asks for the schema when introspection is off', async () => {
    const c = await signedIn();
    const cases = {
      parse: ['{ hello', 'GRAPHQL_PARSE_FAILED'],
      validate: ['{ goodbye }', 'GRAPHQL_VALIDATION_FAILED'],
      introspect: ['{ __schema { types { name } } }', 'GRAPHQL_VALIDATION_FAILED'],
      long: [`{ hello ${' '.repeat(LIMITS.maxDocumentChars)}}`, 'BAD_USER_INPUT'],
    };
    for (const [id, [query]] of Object.entries(cases))
      await send(c, { type: 'subscribe', id, payload: { query } });
    for (const [id, [, code]] of Object.entries(cases)) {
      const [error] = c.of(MessageType.Error, id);
      expect(error?.payload?.[0]?.extensions?.code, id).toBe(code);
    }
  });

  it('closes with 4409 a subscribe that reuses the id of one still running', async () => {
    const c = await signedIn();
    await send(c, { type: 'subscribe', id: 's', payload: { query: SUBSCRIBE } });
    await send(c, { type: 'subscribe', id: 's', payload: { query: SUBSCRIBE } });
    expect(c.closedWith).toEqual({
      code: CloseCode.SubscriberAlreadyExists,
      reason: 'Subscriber for s already exists',
    });
  });

  it('delivers live events until the client completes the subscription', async () => {
    const c = await signedIn();
    await send(c, { type: 'subscribe', id: 's', payload: { query: SUBSCRIBE } });
    outbox.commit(2);
    await settle();
    await send(c, { type: 'complete', id: 's' });
    outbox.commit();
    await settle();
    expect(c.of(MessageType.Next, 's').map((m) => m.payload)).toEqual([
      { data: { changed: { cursor: '1' } } },
      { data: { changed: { cursor: '2' } } },
    ]);
  });

  it('replays from a cursor page by page, then goes on live, with no gap and nothing twice', async () => {
    const missed = REPLAY_PAGE * 2 + 50;
    outbox.commit(missed);
    const c = await signedIn();
    await send(c, { type: 'subscribe', id: 's', payload: { query: SUBSCRIBE, variables: { after: '0' } } });
    outbox.commit();
    await vi.waitFor(() => expect(c.of(MessageType.Next, 's')).toHaveLength(missed + 1));
    const cursors = c.of(MessageType.Next, 's').map((m) => Number(m.payload?.data?.changed?.cursor));
    expect(cursors).toEqual(Array.from({ length: missed + 1 }, (_, i) => i + 1));
  });

  it('sends nothing to a client too far behind, and closes it with 1013', async () => {
    const c = await signedIn();
    await send(c, { type: 'subscribe', id: 's', payload: { query: SUBSCRIBE } });
    c.behind = true;
    outbox.commit();
    await settle();
    expect(c.of(MessageType.Next)).toEqual([]);
    expect(c.closedWith?.code).toBe(TRY_AGAIN_LATER);
  });
});

describe('caps per person', () => {
  it('closes with 4430 a socket past the sockets one person may hold, and lets others in', async () => {
    for (let i = 0; i < caps.sockets; i++) await signedIn('ann');
    const over = connect();
    await send(over, { type: 'connection_init', payload: { token: 'ann' } });
    expect(over.closedWith).toEqual({
      code: TOO_MANY_SOCKETS_CLOSE,
      reason: `TOO_MANY_SOCKETS: at most ${caps.sockets} per person`,
    });
    await signedIn('bob');
  });

  it('refuses with RATE_LIMITED a subscription past what one person may hold across their sockets', async () => {
    const [a, b] = [await signedIn('ann'), await signedIn('ann')];
    for (let i = 0; i < caps.subscriptions; i++) {
      await send(i % 2 ? a : b, { type: 'subscribe', id: `s${i}`, payload: { query: SUBSCRIBE } });
    }
    await send(a, { type: 'subscribe', id: 'over', payload: { query: SUBSCRIBE } });
    const [error] = a.of(MessageType.Error, 'over');
    expect(error?.payload?.[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      limit: 'subscriptionsPerPerson',
    });
    // Ending one makes room again.
    await send(b, { type: 'complete', id: 's0' });
    await send(a, { type: 'subscribe', id: 'again', payload: { query: SUBSCRIBE } });
    expect(a.of(MessageType.Error, 'again')).toEqual([]);
  });

  it('closes every socket of a person who is no longer who they signed in as (4403), and no one else’s', async () => {
    const [a1, a2, b] = [await signedIn('ann'), await signedIn('ann'), await signedIn('bob')];
    staff.set('ann', { ...staff.get('ann')!, active: false });
    await send(a1, { type: 'subscribe', id: 'q', payload: { query: '{ hello }' } });
    await settle();
    expect(a1.of(MessageType.Next)).toEqual([]);
    expect([a1.closedWith?.code, a2.closedWith?.code, b.closedWith]).toEqual([
      FORBIDDEN_CLOSE,
      FORBIDDEN_CLOSE,
      null,
    ]);
  });
});
