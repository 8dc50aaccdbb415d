import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { RaiseFlagInput } from './flag.inputs.js';
import { toFlagType } from './flag.mapper.js';
import { FlagQueries, MAX_FLAGS } from './flag.query.js';
import { FlagService } from './flag.service.js';
import { SafeguardingFlagType } from './flag.type.js';

function service(ctx: GraphQLContext): FlagService {
  return new FlagService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

function queries(ctx: GraphQLContext): FlagQueries {
  return new FlagQueries(ctx.em, requireViewer(ctx.viewer), ctx.operation);
}

const INCLUDE_RESOLVED = 'Include resolved flags too; by default only those still being handled.';
const LIMIT = `At most this many, newest first (1 to ${MAX_FLAGS}).`;

@Resolver(() => SafeguardingFlagType)
export class FlagResolver {
  @Authorized(MANAGER, SUPERVISOR, SOCIAL_WORKER, INTEGRATOR)
  @Query(() => SafeguardingFlagType, {
    description: 'One safeguarding flag, if it is yours to see. The read is written to the access log.',
  })
  async flag(
    @Arg('id', () => ID, { description: 'The flag.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType> {
    return toFlagType(await queries(ctx).one(id));
  }

  @Authorized(MANAGER, SUPERVISOR, INTEGRATOR)
  @Query(() => [SafeguardingFlagType], {
    description:
      'A centre’s safeguarding flags, newest first, with who acknowledged each and when, the time since each was raised, and its acknowledgement deadline.',
  })
  async centreFlags(
    @Arg('centreId', () => ID, { description: 'The centre: your own, for a manager or supervisor.' })
    centreId: string,
    @Arg('includeResolved', () => Boolean, { defaultValue: false, description: INCLUDE_RESOLVED })
    includeResolved: boolean,
    @Arg('limit', () => Int, { defaultValue: 200, description: LIMIT }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType[]> {
    return (await queries(ctx).forCentre(centreId, includeResolved, limit)).map(toFlagType);
  }

  @Authorized(SOCIAL_WORKER)
  @Query(() => [SafeguardingFlagType], {
    description: 'The safeguarding flags of the children on your caseload, newest first.',
  })
  async myFlags(
    @Arg('includeResolved', () => Boolean, { defaultValue: false, description: INCLUDE_RESOLVED })
    includeResolved: boolean,
    @Arg('limit', () => Int, { defaultValue: 200, description: LIMIT }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType[]> {
    return (await queries(ctx).forCaseload(includeResolved, limit)).map(toFlagType);
  }

  @Authorized(SUPERVISOR, MANAGER)
  @Mutation(() => SafeguardingFlagType, {
    description:
      'Raise a safeguarding concern, at any time, for a child whose sessions you supervise (or at your centre, as its manager). It reaches the child’s social worker and the centre manager at once, and escalates if nobody acknowledges it by its deadline.',
  })
  async raiseFlag(
    @Arg('input', () => RaiseFlagInput, { description: 'The concern.' }) input: RaiseFlagInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType> {
    return toFlagType(await service(ctx).raise(input));
  }

  @Authorized(SOCIAL_WORKER, MANAGER)
  @Mutation(() => SafeguardingFlagType, {
    description:
      'Acknowledge a flag as the child’s social worker or the centre manager: who and when is recorded, once per person. The first acknowledgement moves an open (or escalated) flag to ACKNOWLEDGED.',
  })
  async acknowledgeFlag(
    @Arg('id', () => ID, { description: 'The flag.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: 'What you will do about it, if you wish.' })
    note: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType> {
    return toFlagType(await service(ctx).acknowledge(id, note));
  }

  @Authorized(SOCIAL_WORKER, MANAGER)
  @Mutation(() => SafeguardingFlagType, {
    description: 'Escalate an open or acknowledged flag to someone more senior, saying why.',
  })
  async escalateFlag(
    @Arg('id', () => ID, { description: 'The flag.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it needs someone more senior.' }) reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType> {
    return toFlagType(await service(ctx).escalate(id, reason));
  }

  @Authorized(SOCIAL_WORKER, MANAGER)
  @Mutation(() => SafeguardingFlagType, {
    description:
      'Resolve an acknowledged or escalated flag with its outcome (required). An open flag must be acknowledged first, so that who saw it is on record.',
  })
  async resolveFlag(
    @Arg('id', () => ID, { description: 'The flag.' }) id: string,
    @Arg('outcome', () => String, { description: 'What was done and decided.' }) outcome: string,
    @Arg('expectedVersion', () => Int, {
      description: 'The version you last read; a stale version is refused with STALE_VERSION.',
    })
    expectedVersion: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SafeguardingFlagType> {
    return toFlagType(await service(ctx).resolve(id, outcome, expectedVersion));
  }
}
