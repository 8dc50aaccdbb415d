import { Arg, Authorized, ID, Root, Subscription, Resolver } from 'type-graphql';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import type { LiveEvent, LiveEventOf } from './live-event.js';
import { LiveEventType } from './live-event.type.js';
import { AfterCursor, subscribeTo } from './live-topic.js';
import { FLAG_CHANGED, OBSERVATION_CHANGED, ROOM_BOARD_CHANGED, SESSION_CHANGED } from './live-topics.js';

/**
 * The live subscription fields. Each is declared in live-topics.ts (its events, what its subscribers may see, how
 * they share an execution); here it gets its arguments, its description and its answer.
 */

/** The answer to any live topic: what changed, where, and its new status or condition. */
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

@Resolver()
export class SubscriptionsResolver {
  @Authorized(MANAGER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Changes to a centre’s room board: room conditions, bookings, arrivals, starts and ends. Refetch `roomBoard` or apply the change.',
    subscribe: subscribeTo(ROOM_BOARD_CHANGED),
  })
  roomBoardChanged(
    @Root() e: LiveEventOf<'room' | 'session'>,
    @Arg('centreId', () => ID, { description: 'The centre whose board to follow.' }) _centreId: string,
    @AfterCursor() _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }

  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Session status changes you may see: a manager’s centre, a supervisor’s own sessions, a social worker’s caseload (optionally one child), an integrator’s council (optionally one centre).',
    subscribe: subscribeTo(SESSION_CHANGED),
  })
  sessionChanged(
    @Root() e: LiveEventOf<'session'>,
    @Arg('centreId', () => ID, {
      nullable: true,
      description: 'Only this centre (managers always follow their own).',
    })
    _centreId?: string | null,
    @Arg('childId', () => ID, { nullable: true, description: 'Only this child.' }) _childId?: string | null,
    @AfterCursor() _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }

  @Authorized(MANAGER, SOCIAL_WORKER, INTEGRATOR)
  @Subscription(() => LiveEventType, {
    description:
      'Safeguarding flags raised, acknowledged, escalated and resolved: a manager’s centre, a social worker’s caseload, an integrator’s council.',
    subscribe: subscribeTo(FLAG_CHANGED),
  })
  flagChanged(
    @Root() e: LiveEventOf<'flag'>,
    @Arg('centreId', () => ID, {
      nullable: true,
      description: 'Only this centre (managers always follow their own).',
    })
    _centreId?: string | null,
    @AfterCursor() _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }

  @Authorized(MANAGER)
  @Subscription(() => LiveEventType, {
    description:
      'Observation records of the manager’s own centre started, submitted, returned, approved, made final or amended (docs/desk.md): which record, which child, its new status. Refetch `observationsToReview`, `overdueObservations` or `centreAmendments`.',
    subscribe: subscribeTo(OBSERVATION_CHANGED),
  })
  observationChanged(
    @Root() e: LiveEventOf<'observation'>,
    @Arg('centreId', () => ID, {
      nullable: true,
      description: 'Your own centre, which a manager always follows; another is NOT_FOUND.',
    })
    _centreId?: string | null,
    @AfterCursor() _after?: string | null,
  ): LiveEventType {
    return toLiveEventType(e);
  }
}
