import { stagger } from '@kinroom/domain';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ChildSummary } from '../people/people.type.js';
import { RoomSummary } from '../rooms/room.type.js';
import type { Session } from './session.entity.js';
import { ArrivalPlan, AttendanceRecord, Cancellation, SessionType } from './session.type.js';

/** The nested parts of a session, each batched per operation so that a page costs a fixed number of statements. */
@Resolver(() => SessionType)
export class SessionFieldsResolver {
  @FieldResolver(() => RoomSummary, { description: 'The room booked.' })
  async room(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<RoomSummary> {
    const room = await ctx.loaders.room.load(s.roomId);
    return { id: s.roomId, name: room?.name ?? '' };
  }

  @FieldResolver(() => StaffMember, { description: 'The supervising member of staff.' })
  async supervisor(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    const u = await ctx.loaders.staff.load(s.supervisorId);
    return { id: s.supervisorId, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
  }

  @FieldResolver(() => StaffMember, {
    nullable: true,
    description: 'The member of staff who cancelled the session; null unless it is cancelled.',
  })
  async cancelledBy(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    if (s.status !== 'cancelled' || !s.cancelledById) return null;
    const u = await ctx.loaders.staff.load(s.cancelledById);
    return { id: s.cancelledById, name: u?.name ?? '', role: u?.role ?? 'centre_manager' };
  }

  @FieldResolver(() => ChildSummary, { description: 'The child: first name and initial only.' })
  async child(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<ChildSummary> {
    const c = await ctx.loaders.child.load(s.childId);
    return { id: s.childId, firstName: c?.firstName ?? '', lastInitial: c?.lastName.slice(0, 1) ?? '' };
  }

  @FieldResolver(() => AttendanceRecord, { nullable: true, description: 'Attendance, once recorded.' })
  attendance(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<AttendanceRecord | null> {
    return ctx.loaders.attendanceBySession.load(s.id);
  }

  @FieldResolver(() => ArrivalPlan, { description: 'When the family member and the child come and go.' })
  arrivalPlan(@Root() s: Session): ArrivalPlan {
    return stagger({ start: s.startsAt, end: s.endsAt });
  }

  @FieldResolver(() => Cancellation, {
    nullable: true,
    description: 'Why and when it was cancelled, if it was.',
  })
  cancellation(@Root() s: Session): Cancellation | null {
    if (s.status !== 'cancelled' || !s.cancelledAt || !s.cancellationReason || !s.cancelledById) return null;
    return {
      reason: s.cancellationReason,
      note: s.cancellationNote,
      cancelledAt: s.cancelledAt,
      cancelledById: s.cancelledById,
      familyInformedAt: s.familyInformedAt,
    };
  }
}
