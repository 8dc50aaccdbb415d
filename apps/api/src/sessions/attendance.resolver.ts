import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER, SUPERVISOR } from '../access/roles.js';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { BoardSession } from '../rooms/room-board.type.js';
import type { NoticeRow } from './attendance.loaders.js';
import { AttendanceService } from './attendance.service.js';
import type { Session } from './session.entity.js';
import { CorrectAttendanceInput, RecordAbsenceNoticeInput } from './session.inputs.js';
import { AbsenceNoticeType, AttendanceCorrectionType, SessionType } from './session.type.js';

function service(ctx: GraphQLContext): AttendanceService {
  return new AttendanceService(ctx.em, requireViewer(ctx.viewer), ctx.now());
}

async function staffMember(ctx: GraphQLContext, id: string): Promise<StaffMember> {
  const u = await ctx.loaders.staff.load(id);
  return { id, name: u?.name ?? '', role: u?.role ?? 'centre_manager' };
}

/** Absence notices and attendance corrections (docs/domain.md rule 7): recording them, and reading them on a session. */
@Resolver(() => SessionType)
export class AttendanceResolver {
  @Authorized(MANAGER, SUPERVISOR)
  @Mutation(() => AbsenceNoticeType, {
    description:
      'Record a family member’s notice that they cannot attend, before the session or after it was recorded as missed. It explains the absence only if it is received and recorded before the start; one recorded later is kept as a late notice and changes nothing by itself (see `correctAttendance`).',
  })
  recordAbsenceNotice(
    @Arg('input', () => RecordAbsenceNoticeInput, { description: 'What to do; see the input type.' })
    input: RecordAbsenceNoticeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AbsenceNoticeType> {
    return service(ctx).recordAbsenceNotice(input);
  }

  @Authorized(MANAGER)
  @Mutation(() => SessionType, {
    description:
      'The manager of the session’s centre corrects a recorded absence, with a reason (e.g. a notice given in time but recorded late). The correction is kept with who, when, why, and from what to what, and the three-strikes rule is applied again. Refused with ATTENDANCE_NOT_CORRECTABLE (no absence recorded, or the same outcome), FORBIDDEN (not the manager of its centre) or BAD_USER_INPUT (no reason).',
  })
  correctAttendance(
    @Arg('input', () => CorrectAttendanceInput, { description: 'What to do; see the input type.' })
    input: CorrectAttendanceInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Session> {
    return service(ctx).correctAttendance(input);
  }

  @FieldResolver(() => [AbsenceNoticeType], {
    description: 'The absence notices recorded for the session, in the order they were recorded.',
  })
  absenceNotices(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<NoticeRow[]> {
    return ctx.loaders.absenceNotices.load(s.id);
  }

  @FieldResolver(() => [AttendanceCorrectionType], {
    description: 'Corrections of the session’s recorded absence by the centre manager, oldest first.',
  })
  attendanceCorrections(@Root() s: Session, @Ctx() ctx: GraphQLContext): Promise<AttendanceCorrectionType[]> {
    return ctx.loaders.attendanceCorrections.load(s.id);
  }
}

@Resolver(() => AbsenceNoticeType)
export class AbsenceNoticeFieldsResolver {
  @FieldResolver(() => StaffMember, {
    description: 'The member of staff who took the notice and recorded it.',
  })
  recordedBy(@Root() n: NoticeRow, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, n.receivedById);
  }
}

@Resolver(() => AttendanceCorrectionType)
export class AttendanceCorrectionFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'The manager who made the correction.' })
  correctedBy(@Root() c: AttendanceCorrectionType, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    return staffMember(ctx, c.correctedById);
  }
}

/** The board shows a session's absence notices, so that nobody waits for, or brings, a child whose family is not coming. */
@Resolver(() => BoardSession)
export class BoardSessionNoticesResolver {
  @FieldResolver(() => [AbsenceNoticeType], {
    description:
      'The absence notices recorded for the session, in the order they were recorded, each with when it was received and when it was recorded.',
  })
  absenceNotices(@Root() s: BoardSession, @Ctx() ctx: GraphQLContext): Promise<NoticeRow[]> {
    return ctx.loaders.absenceNotices.load(s.id);
  }
}
