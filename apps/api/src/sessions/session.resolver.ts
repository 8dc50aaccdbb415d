import { londonDateKey } from '@kinroom/domain';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { SessionStatusEnum } from '../graphql/enums.js';
import { FamilyInformedMethodEnum } from './session.enums.js';
import {
  BookSessionInput,
  CancelSessionInput,
  RecordSessionStepInput,
  RescheduleSessionInput,
} from './session.inputs.js';
import { logSessionReads, SessionQueries } from './session.query.js';
import { SessionService } from './session.service.js';
import { SessionType } from './session.type.js';
import type { FamilyInformedMethod, SessionStatus } from '@kinroom/domain';

function service(ctx: GraphQLContext): SessionService {
  return new SessionService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

@Resolver(() => SessionType)
export class SessionResolver {
  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR)
  @Query(() => SessionType, { description: 'One session, if it is yours to see.' })
  async session(
    @Arg('id', () => ID, { description: 'The session.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionType> {
    const s = await service(ctx).visible(id);
    await logSessionReads(ctx.em, requireViewer(ctx.viewer), ctx.operation, [s]);
    return s;
  }

  @Authorized(SUPERVISOR)
  @Query(() => [SessionType], {
    description:
      'The signed-in supervisor’s sessions running on a day (default today, Europe/London; one that runs past midnight is on both days), in time order. Today’s also hold any session whose family is already in the building, whatever day it is booked for.',
  })
  mySessions(
    @Ctx() ctx: GraphQLContext,
    @Arg('date', () => String, { nullable: true, description: 'A day as YYYY-MM-DD; today when omitted.' })
    date?: string | null,
  ): Promise<SessionType[]> {
    const today = londonDateKey(ctx.now());
    return new SessionQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation).forSupervisor(
      date ?? today,
      today,
    );
  }

  @Authorized(MANAGER, INTEGRATOR)
  @Query(() => [SessionType], {
    description:
      'A centre’s sessions running on a day, or on several days from it (Europe/London; one that runs past midnight is on both days), rooms × time, filterable by room, supervisor and status.',
  })
  centreSchedule(
    @Ctx() ctx: GraphQLContext,
    @Arg('centreId', () => ID, { description: 'The centre.' }) centreId: string,
    @Arg('date', () => String, { nullable: true, description: 'A day as YYYY-MM-DD; today when omitted.' })
    date?: string | null,
    @Arg('roomId', () => ID, { nullable: true, description: 'Only this room.' }) roomId?: string | null,
    @Arg('supervisorId', () => ID, { nullable: true, description: 'Only this supervisor.' })
    supervisorId?: string | null,
    @Arg('statuses', () => [SessionStatusEnum], { nullable: true, description: 'Only these statuses.' })
    statuses?: SessionStatus[] | null,
    @Arg('days', () => Int, {
      nullable: true,
      description: 'How many days from the date to include, 1 to 7 (7 for a week); 1 when omitted.',
    })
    days?: number | null,
  ): Promise<SessionType[]> {
    return new SessionQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation).forCentre(
      centreId,
      date ?? londonDateKey(ctx.now()),
      {
        roomId: roomId ?? null,
        supervisorId: supervisorId ?? null,
        statuses: statuses ?? null,
      },
      days ?? 1,
    );
  }

  @Authorized(MANAGER)
  @Mutation(() => SessionType, {
    description:
      'Book a session. Refused with SESSION_ROOM_DOUBLE_BOOKED, SESSION_SUPERVISOR_DOUBLE_BOOKED or SESSION_STAFF_DOUBLE_BOOKED (a person can hold one session at a time, as supervisor or second member of staff; naming the clashing session), SESSION_STAFF_NOT_ELIGIBLE (only active contact supervisors of the centre staff a session), AGREEMENT_SUSPENDED, AGREEMENT_NOT_ACTIVE or SESSION_SCHEDULE_CONFLICT.',
  })
  bookSession(
    @Arg('input', () => BookSessionInput, { description: 'What to do; see the input type.' })
    input: BookSessionInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return service(ctx).book(input);
  }

  @Authorized(MANAGER)
  @Mutation(() => SessionType, {
    description: 'Move a session nobody has arrived for to another time, room or supervisor.',
  })
  rescheduleSession(
    @Arg('input', () => RescheduleSessionInput, { description: 'What to do; see the input type.' })
    input: RescheduleSessionInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return service(ctx).reschedule(input);
  }

  @Authorized(MANAGER)
  @Mutation(() => SessionType, {
    description: 'The centre cancels a session, recording why and when the family was told.',
  })
  cancelSession(
    @Arg('input', () => CancelSessionInput, { description: 'What to do; see the input type.' })
    input: CancelSessionInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return service(ctx).cancel(input);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => SessionType, {
    description:
      'Record when, and how, the family was told that a session was cancelled. Without `via` the way is not recorded (kept for callers from before it was asked); the dashboard always gives it.',
  })
  recordFamilyInformed(
    @Arg('sessionId', () => ID, { description: 'The cancelled session.' }) sessionId: string,
    @Arg('expectedVersion', () => Int, { description: 'The version you last read.' }) expectedVersion: number,
    @Arg('at', () => Date, { description: 'When the family was told; not in the future.' }) at: Date,
    @Arg('via', () => FamilyInformedMethodEnum, { nullable: true, description: 'How the family was told.' })
    via: FamilyInformedMethod | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return service(ctx).recordFamilyInformed(sessionId, expectedVersion, at, via ?? null);
  }

  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => SessionType, {
    description:
      'Record a step as the session happens: arrivals, start, end, or a no-show. Arrivals and the start open an hour before the booked start; the end and a no-show, which record attendance, open at the booked start; earlier is refused with SESSION_NOT_YET. A third consecutive unexplained no-show suspends the agreement with its notice.',
  })
  recordSessionStep(
    @Arg('input', () => RecordSessionStepInput, { description: 'What to do; see the input type.' })
    input: RecordSessionStepInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return service(ctx).recordStep(input);
  }
}
