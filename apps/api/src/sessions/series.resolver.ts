import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { logChildReads } from '../access/access-log.service.js';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import {
  BookSeriesInput,
  CancelSeriesFromInput,
  MoveSeriesFromInput,
  SeriesPatternInput,
} from './series.inputs.js';
import { SeriesChangeService } from './series-changes.service.js';
import { SeriesService, type OfferedSlot, type SeriesRequest } from './series.service.js';
import { type FreeSlotType, SeriesPlanType, SessionSeriesType } from './series.type.js';
import { SessionType } from './session.type.js';

function service(ctx: GraphQLContext): SeriesService {
  return new SeriesService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

function changes(ctx: GraphQLContext): SeriesChangeService {
  return new SeriesChangeService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

function request(input: SeriesPatternInput): SeriesRequest {
  return {
    agreementId: input.agreementId,
    roomId: input.roomId,
    supervisorId: input.supervisorId,
    secondStaffId: input.secondStaffId ?? null,
    kind: input.kind,
    weekdays: input.weekdays,
    startTime: input.startTime,
    durationMinutes: input.durationMinutes ?? null,
    firstDate: input.firstDate,
    weeks: input.weeks ?? null,
    until: input.until ?? null,
  };
}

/** A free time as the API shows it. */
export function freeSlotType(slot: OfferedSlot): FreeSlotType {
  return {
    startsAt: slot.start,
    endsAt: slot.end,
    roomId: slot.roomId,
    roomName: slot.roomName,
    supervisorId: slot.supervisorId,
    supervisorName: slot.supervisorName,
    usualSupervisor: slot.preferredSupervisor,
    usualRoom: slot.preferredRoom,
  };
}

/** Recurring sessions (docs/sessions.md, "Recurring sessions"). */
@Resolver()
export class SeriesResolver {
  @Authorized(MANAGER)
  @Query(() => SeriesPlanType, {
    description:
      'Plan a weekly series under an agreement of your centre: every session with whether it can be booked, every reason it cannot (naming any session it clashes with by day, time and room) and the nearest free time in its week with the same supervisor. Bank holidays are skipped and listed. Nothing is booked.',
  })
  async planSeries(
    @Arg('input', () => SeriesPatternInput, { description: 'The pattern; see the input type.' })
    input: SeriesPatternInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SeriesPlanType> {
    const viewer = requireViewer(ctx.viewer);
    const plan = await service(ctx).plan(request(input));
    await logChildReads(ctx.em, viewer, ctx.operation, [
      { childId: plan.childId, fields: ['sessions', 'school_pattern'], reason: 'series planned' },
    ]);
    const occurrences = plan.occurrences.map((o) => ({
      date: o.date,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      bookable: o.problems.length === 0,
      problems: o.problems,
      suggestion: o.suggestion ? freeSlotType(o.suggestion) : null,
    }));
    return {
      rule: plan.rule,
      durationMinutes: plan.durationMinutes,
      occurrences,
      skipped: plan.skipped.map((s) => ({
        date: s.dateKey,
        reason: s.reason.toUpperCase(),
        message: s.message,
      })),
      bookableCount: occurrences.filter((o) => o.bookable).length,
    };
  }

  @Authorized(MANAGER)
  @Mutation(() => SessionSeriesType, {
    description:
      'Book a weekly series in one go: the accepted sessions (each optionally at a suggested time or room), all with the same supervisor, each checked against every rule. All or nothing: if any session cannot be booked, none is, and the refusal is SERIES_CONFLICT with `occurrences` listing each failing session and its problems.',
  })
  async bookSeries(
    @Arg('input', () => BookSeriesInput, { description: 'What to book; see the input type.' })
    input: BookSeriesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionSeriesType> {
    const { series, sessions } = await service(ctx).book(request(input), input.occurrences ?? null);
    return {
      id: series.id,
      agreementId: series.agreementId,
      childId: sessions[0]?.childId ?? '',
      rule: series.rule,
      sessions,
    };
  }

  @Authorized(MANAGER)
  @Mutation(() => [SessionType], {
    description:
      'Cancel a series from one of its sessions onwards: every session of it still booked from that one, each recorded as `cancelSession` records it. Returns the sessions cancelled.',
  })
  cancelSeriesFrom(
    @Arg('input', () => CancelSeriesFromInput, { description: 'What to do; see the input type.' })
    input: CancelSeriesFromInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionType[]> {
    return changes(ctx).cancelFrom(input.seriesId, input.fromSessionId, input);
  }

  @Authorized(MANAGER)
  @Mutation(() => [SessionType], {
    description:
      'Move a series from one of its sessions onwards: every session of it still booked from that one, to a new London start time (each on its own day), length, room or supervisor. Each is re-checked; if any cannot move, none does (SERIES_CONFLICT, as for bookSeries). Returns the sessions moved.',
  })
  moveSeriesFrom(
    @Arg('input', () => MoveSeriesFromInput, { description: 'What to do; see the input type.' })
    input: MoveSeriesFromInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionType[]> {
    return changes(ctx).moveFrom(input.seriesId, input.fromSessionId, {
      startTime: input.startTime ?? null,
      durationMinutes: input.durationMinutes ?? null,
      roomId: input.roomId ?? null,
      supervisorId: input.supervisorId ?? null,
    });
  }
}
