import { Arg, type SubscribeResolverData } from 'type-graphql';
import { loggerFor } from '../observability/logger.js';
import { childScopeSql, requireViewer, type ReadableChildren } from '../access/index.js';
import { liveReadLog } from '../access/live-reads.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { EventTopic } from './event-log.js';
import type { EventFilter, LiveFeed } from './hub.js';
import { isOfTopic, type LiveEventOf } from './live-event.js';

/**
 * A live topic: one subscription field, declared once (live-topics.ts) with
 * - the event topics it carries, so that its filter and its resolver receive events with those topics' payloads;
 * - what a viewer's subscription follows (its filter, built from the access rules in access/live.ts);
 * - which subscribers share one execution of an event: a visibility scope from access/live.ts.
 * `subscribeTo` turns a declaration into the field's `subscribe`; nothing else is written per subscription.
 */
export interface LiveTopic<T extends EventTopic, A extends LiveArgs> {
  name: string;
  events: readonly T[];
  /** Subscribers whose scope, operation and variables are the same receive the same answer to an event. */
  groupBy: (viewer: Viewer) => string;
  follow(viewer: Viewer, args: A, live: LiveContext): Promise<Follow<T>>;
}

/** Every live topic's `after`: the last cursor its subscriber saw. */
export interface LiveArgs {
  after?: string | null;
}

/** The `after` argument every subscription field declares (see LiveArgs). */
export function AfterCursor(): ReturnType<typeof Arg> {
  return Arg('after', () => String, {
    nullable: true,
    description: 'The last cursor you saw; missed changes are replayed first.',
  });
}

/** What a subscription follows: a filter on its council's events of its topics, and what to stop when it ends. */
export interface Follow<T extends EventTopic> {
  filter: (e: LiveEventOf<T>) => boolean;
  stop?: () => void;
}

/** What a topic's `follow` may ask of the subscription being set up. */
export interface LiveContext {
  /**
   * The children the viewer may read, kept current for the subscription's life, when `needed`; null otherwise. A
   * named `child` the viewer may not read is refused as one that does not exist.
   */
  readableChildren(needed: boolean, child?: string | null): Promise<Readable | null>;
}

const CURSOR = /^\d{1,19}$/;
const READABLE_REFRESH_MS = 60_000;

function cursorArg(after: string | null | undefined): string | null {
  if (after == null) return null;
  if (!CURSOR.test(after))
    throw badInput('`after` must be a cursor received from this API.', { field: 'after' });
  return after;
}

function hubOf(ctx: GraphQLContext) {
  if (!ctx.hub)
    throw new KinroomError('BAD_USER_INPUT', 'Subscriptions are served over WebSocket at /graphql.');
  return ctx.hub;
}

/**
 * The children the viewer may read (`childScopeSql`: a social worker's caseload, a manager's centre's current work,
 * a supervisor's sessions' children), kept current for the life of a subscription so that a closed case or work
 * that ended stops flowing without a reconnect. One query per minute per subscription, never one per event.
 */
export interface Readable extends ReadableChildren {
  ready: Promise<void>;
  stop(): void;
}

function readableChildren(ctx: GraphQLContext, viewer: Viewer): Readable {
  let children = new Set<string>();
  const scope = childScopeSql(viewer);
  const load = async () => {
    if (!scope) return;
    const rows = await ctx.em.fork().getConnection().execute<{ child_id: string }[]>(scope.sql, scope.params);
    children = new Set(rows.map((r) => r.child_id));
  };
  const ready = load();
  const timer = setInterval(() => void load().catch(() => {}), READABLE_REFRESH_MS);
  timer.unref();
  void ready.catch(() => {});
  return { ready, has: (id) => id !== null && children.has(id), stop: () => clearInterval(timer) };
}

function liveContext(ctx: GraphQLContext, viewer: Viewer): LiveContext {
  return {
    async readableChildren(needed, child) {
      if (!needed) return null;
      const readable = readableChildren(ctx, viewer);
      await readable.ready;
      if (child && !readable.has(child)) {
        readable.stop();
        throw notFound('child');
      }
      return readable;
    },
  };
}

/** For the roles whose events the access rules decide without the set of readable children. */
export const NO_CHILDREN: ReadableChildren = { has: () => false };

/**
 * The execution group each operation's subscribers join, by the operation's context: written when the operation
 * subscribes, read when the WebSocket layer joins it to its group (shared-execution.ts).
 */
const groupScopes = new WeakMap<object, string>();
let ungrouped = 0;

/**
 * The part of an operation's execution-group key that the live topic decides: the topic and its visibility scope
 * for the viewer. An operation that subscribed to no declared topic shares with nobody else.
 */
export function groupScopeOf(contextValue: unknown): string {
  const scope = typeof contextValue === 'object' && contextValue ? groupScopes.get(contextValue) : undefined;
  return scope ?? `alone:${(ungrouped += 1)}`;
}

// Held for the life of a subscription: made here, at module level, a filter keeps only the values it reads, and not,
// through the closures it was made in, the arguments and context of the operation that asked for it.
function topicFilter<T extends EventTopic>(events: readonly T[], filter: Follow<T>['filter']): EventFilter {
  return (e) => isOfTopic(e, events) && filter(e);
}

async function subscribe<T extends EventTopic, A extends LiveArgs>(
  topic: LiveTopic<T, A>,
  ctx: GraphQLContext,
  args: A,
): Promise<LiveFeed> {
  const after = cursorArg(args.after);
  const viewer = requireViewer(ctx.viewer);
  const hub = hubOf(ctx);
  if (after !== null && !(await hub.stream.has(after))) throw new KinroomError('CURSOR_STALE');
  const { filter, stop } = await topic.follow(viewer, args, liveContext(ctx, viewer));
  // The hub passes a feed only its own council's events, then asks the filter; what passes about a child is a
  // read of that child's record, logged for this viewer (access/live-reads.ts).
  const audited = liveReadLog(ctx.pool, loggerFor(ctx.config)).audited(
    topicFilter(topic.events, filter),
    viewer,
    ctx.operation,
  );
  const feed = hub.subscribe(viewer.councilId, audited, after);
  if (stop) feed.onClose(stop);
  groupScopes.set(ctx, `${topic.name}\n${topic.groupBy(viewer)}`);
  return feed;
}

/** The `subscribe` of a live topic's field. */
export function subscribeTo<T extends EventTopic, A extends LiveArgs>(topic: LiveTopic<T, A>) {
  return ({ args, context }: SubscribeResolverData<unknown, A, GraphQLContext>) =>
    subscribe(topic, context, args);
}
