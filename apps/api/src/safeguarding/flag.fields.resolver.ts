import { needsEscalation } from '@kinroom/domain';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ChildSummary } from '../people/people.type.js';
import { RoomSummary } from '../rooms/room.type.js';
import { toAcknowledgementType, toEscalationType } from './flag.mapper.js';
import { FlagAcknowledgementType, FlagEscalationType, SafeguardingFlagType } from './flag.type.js';

async function staffMember(ctx: GraphQLContext, id: string): Promise<StaffMember> {
  const u = await ctx.loaders.staff.load(id);
  return { id, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
}

/** The nested parts of a flag, batched per operation so that a list costs a fixed number of statements. */
@Resolver(() => SafeguardingFlagType)
export class FlagFieldsResolver {
  @FieldResolver(() => ChildSummary, { description: 'The child: first name and initial only.' })
  async child(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): Promise<ChildSummary> {
    const c = await ctx.loaders.child.load(f.childId);
    return { id: f.childId, firstName: c?.firstName ?? '', lastInitial: c?.lastName.slice(0, 1) ?? '' };
  }

  @FieldResolver(() => RoomSummary, {
    nullable: true,
    description: 'The room of the session it arose in; null when it was raised outside a session.',
  })
  async room(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): Promise<RoomSummary | null> {
    const roomId = f.sessionId ? await ctx.loaders.roomOfFlagSession.load(f.sessionId) : null;
    const room = roomId ? await ctx.loaders.room.load(roomId) : null;
    return room ? { id: room.id, name: room.name } : null;
  }

  @FieldResolver(() => StaffMember, { description: 'Who raised it.' })
  raisedBy(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, f.raisedById);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who resolved it, once resolved.' })
  async resolvedBy(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    return f.resolvedById ? staffMember(ctx, f.resolvedById) : null;
  }

  @FieldResolver(() => [FlagAcknowledgementType], {
    description: 'Everyone who acknowledged it, and when, earliest first.',
  })
  async acknowledgements(
    @Root() f: SafeguardingFlagType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FlagAcknowledgementType[]> {
    return (await ctx.loaders.acknowledgementsByFlag.load(f.id)).map(toAcknowledgementType);
  }

  @FieldResolver(() => [FlagEscalationType], { description: 'Each escalation, earliest first.' })
  async escalations(
    @Root() f: SafeguardingFlagType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FlagEscalationType[]> {
    return (await ctx.loaders.escalationsByFlag.load(f.id)).map(toEscalationType);
  }

  @FieldResolver(() => Int, { description: 'Whole minutes since it was raised.' })
  minutesSinceRaised(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): number {
    return Math.max(0, Math.floor((ctx.now().getTime() - f.raisedAt.getTime()) / 60_000));
  }

  @FieldResolver(() => Boolean, {
    description: 'True when nobody has acknowledged it and its deadline has passed: it is due to escalate.',
  })
  acknowledgementOverdue(@Root() f: SafeguardingFlagType, @Ctx() ctx: GraphQLContext): boolean {
    return needsEscalation(f, ctx.now());
  }
}

@Resolver(() => FlagAcknowledgementType)
export class FlagAcknowledgementFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'Who acknowledged it.' })
  user(@Root() a: FlagAcknowledgementType, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, a.userId);
  }
}

@Resolver(() => FlagEscalationType)
export class FlagEscalationFieldsResolver {
  @FieldResolver(() => StaffMember, {
    nullable: true,
    description: 'Who escalated it; null when Kinroom did.',
  })
  async escalatedBy(@Root() e: FlagEscalationType, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    return e.escalatedById ? staffMember(ctx, e.escalatedById) : null;
  }
}
