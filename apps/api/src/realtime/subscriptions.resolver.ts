import { Arg, Authorized, ID, Root, Subscription, Resolver, type SubscribeResolverData } from 'type-graphql';
import {
  childScopeSql,
  followedCentre,
  maySeeFlagEvent,
  maySeeSessionEvent,
  requireViewer,
  type ReadableChildren,
} from '../access/policy.js';
import { liveReadLog } from '../access/live-reads.js';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { EventFilter, LiveFeed } from './hub.js';
import type { LiveEvent } from './live-event.js';
import { LiveEventType } from './live-event.type.js';

const CURSOR = /^\d{1,19}$/;
const READABLE_REFRESH_MS = 60_000;

interface SubArgs {
  centreId?: string | null;
  childId?: string | null;
  after?: string | null;
}

function hubOf(ctx: GraphQLContext) {
  if (!ctx.hub)
    throw new KinroomError('BAD_USER_INPUT', 'Subscriptions are served over WebSocket at /graphql.');
  return ctx.hub;
}

function cursorArg(after: string | null | undefined): string | null {
  if (after == null) return null;
  if (!CURSOR.test(after))
    throw badInput('`after` must be a cursor received from this API.', { field: 'after' });
  return after;
}

/**
 * The children the viewer may read (`childScopeSql`: a social worker's caseload, a manager's centre's current work,
 * a supervisor's sessions' children), kept current for the life of a subscription so that a closed case or work
 * that ended stops flowing without a reconnect. One query per minute per subscription, never one per event.
 */
interface Readable extends ReadableChildren {
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

/** What a subscription follows: a filter on its council's events, and what to stop when it ends. */
interface Follow {
  filter: EventFilter;
  stop?: () => void;
}

async function subscribeWith(
  ctx: GraphQLContext,
  after: string | null,
  build: (viewer: Viewer) => Promise<Follow>,
): Promise<LiveFeed> {
  const viewer = requireViewer(ctx.viewer);
  const hub = hubOf(ctx);
  const { filter, stop } = await build(viewer);
  // The hub passes a feed only its own council's events, then asks the filter; what passes about a child is a
  // read of that child's record, logged for this viewer (access/live-reads.ts).
  const audited = liveReadLog(ctx.pool).audited(filter, viewer, ctx.operation);
  const feed = hub.subscribe(viewer.councilId, audited, after);
  if (stop) feed.onClose(stop);
  return feed;
}

// A filter is held for the life of a subscription. Made here, at module level, it keeps only the values it reads,
// and not, through the closures it was made in, the arguments and context of the operation that asked for it.

function roomBoardOf(centreId: string): EventFilter {
  return (e) => e.centreId === centreId && (e.topic === 'room' || e.topic === 'session');
}

/** A session event the viewer may see (the rule of `session(id)`), of `child` when one is named. */
function sessionsFor(
  viewer: Viewer,
  children: ReadableChildren,
  child: string | null,
  centreId: string | null,
): EventFilter {
  return (e) =>
    (!child || e.childId === child) &&
    (!centreId || e.centreId === centreId) &&
    maySeeSessionEvent(viewer, e, children, new Date());
}

/** A flag event the viewer may see (the rule of `flag(id)`), of `centreId` when one is named. */
function flagsFor(viewer: Viewer, children: ReadableChildren, centreId: string | null): EventFilter {
  return (e) => (!centreId || e.centreId === centreId) && maySeeFlagEvent(viewer, e, children);
}

/** For the roles whose events the policy decides without the set of readable children. */
const NO_SET: ReadableChildren = { has: () => false };

/**
 * The viewer's readable children for a subscription's life, for the roles in `roles` (the others' events are decided
 * without them). A named child the viewer may not read is refused as for a child that does not exist.
 */
async function childrenFor(
  ctx: GraphQLContext,
  viewer: Viewer,
  child: string | null,
  roles: readonly Viewer['role'][],
): Promise<Readable | null> {
  if (!roles.includes(viewer.role)) return null;
  const readable = readableChildren(ctx, viewer);
  await readable.ready;
  if (child && !readable.has(child)) {
    readable.stop();
    throw notFound('child');
  }
  return readable;
}

export function toLiveEventType(e: LiveEvent): LiveEventType {
  const p = e.payload;
  return {
    cursor: e.id,
    topic: e.topic,
    kind: e.kind,
    subjectId: e.subjectId,
    centreId: e.centreId,
    childId: e.childId,
    status: typeof p.status === 'string' ? p.status : typeof p.condition === 'string' ? p.condition : null,
    roomId: typeof p.roomId === 'string' ? p.roomId : null,
    occurredAt: e.createdAt,
  };
}

type Data = SubscribeResolverData<unknown, SubArgs, GraphQLContext>;

@Resolver()
export class SubscriptionsResolver {
  @Authorized(MANAGER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Changes to a centre’s room board: room conditions, bookings, arrivals, starts and ends. Refetch `roomBoard` or apply the change.',
    subscribe: ({ args, context }: Data) =>
      subscribeWith(context, cursorArg(args.after), async (viewer) => {
        const centreId = followedCentre(viewer, args.centreId);
        if (!centreId) throw badInput('Name the centre to follow.', { field: 'centreId' });
        return { filter: roomBoardOf(centreId) };
      }),
  })
  roomBoardChanged(
    @Root() e: LiveEvent,
    @Arg('centreId', () => ID, { description: 'The centre whose board to follow.' }) _centreId: string,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The last cursor you saw; missed changes are replayed first.',
    })
    _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }

  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Session status changes you may see: a manager’s centre, a supervisor’s own sessions, a social worker’s caseload (optionally one child), an integrator’s council (optionally one centre).',
    subscribe: ({ args, context }: Data) =>
      subscribeWith(context, cursorArg(args.after), async (viewer) => {
        const child = args.childId ?? null;
        let centreId: string | null = null;
        if (viewer.role !== 'social_worker') {
          const followed = followedCentre(viewer, args.centreId);
          // A supervisor's own sessions are theirs wherever they were held: only a centre they name narrows them.
          centreId = viewer.role === 'supervisor' ? (args.centreId ?? null) : followed;
        }
        const children = await childrenFor(context, viewer, child, ['social_worker', 'centre_manager']);
        return {
          filter: sessionsFor(viewer, children ?? NO_SET, child, centreId),
          stop: children?.stop,
        };
      }),
  })
  sessionChanged(
    @Root() e: LiveEvent,
    @Arg('centreId', () => ID, {
      nullable: true,
      description: 'Only this centre (managers always follow their own).',
    })
    _centreId?: string | null,
    @Arg('childId', () => ID, { nullable: true, description: 'Only this child.' }) _childId?: string | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The last cursor you saw; missed changes are replayed first.',
    })
    _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }

  @Authorized(MANAGER, SOCIAL_WORKER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Safeguarding flags raised, acknowledged, escalated and resolved: a manager’s centre, a social worker’s caseload, an integrator’s council.',
    subscribe: ({ args, context }: Data) =>
      subscribeWith(context, cursorArg(args.after), async (viewer) => {
        const centreId = viewer.role === 'social_worker' ? null : followedCentre(viewer, args.centreId);
        const children = await childrenFor(context, viewer, null, ['social_worker', 'supervisor']);
        return { filter: flagsFor(viewer, children ?? NO_SET, centreId), stop: children?.stop };
      }),
  })
  flagChanged(
    @Root() e: LiveEvent,
    @Arg('centreId', () => ID, {
      nullable: true,
      description: 'Only this centre (managers always follow their own).',
    })
    _centreId?: string | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The last cursor you saw; missed changes are replayed first.',
    })
    _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }
}
