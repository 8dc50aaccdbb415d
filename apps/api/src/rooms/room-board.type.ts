import type {
  RoomState,
  RoomWarningKind,
  SessionKind,
  SessionStatus,
  SupervisionLevel,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import { SessionKindEnum, SessionStatusEnum, SupervisionLevelEnum } from '../graphql/enums.js';
import { ChildSummary } from '../people/people.type.js';
import { RoomStateEnum, RoomWarningKindEnum } from './room.enums.js';
import { RoomType } from './room.type.js';

/**
 * Answered from the loader's `ShownSession`: what the rules work out at the board's moment, over the session as
 * stored. A stored property of the session is shown by adding its field here, under the property's name.
 */
@ObjectType({
  description:
    'A session as the room board shows it: who is in it, who supervises, and who has arrived, as of the board’s moment.',
  simpleResolvers: true,
})
export class BoardSession {
  @Field(() => ID, { description: 'The session’s id (use it with `session` and `recordSessionStep`).' })
  id!: string;

  @Field(() => SessionKindEnum, { description: 'Contact session, pre-contact visit or planning meeting.' })
  kind!: SessionKind;

  @Field(() => SessionStatusEnum, {
    description:
      'The status at the board’s moment, replayed from the recorded arrival, start and end times; at the present moment it is the status as recorded.',
  })
  status!: SessionStatus;

  @Field(() => Date, { description: 'When the child’s time starts.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When the child’s time is booked to end.' })
  endsAt!: Date;

  @Field(() => Date, {
    description: 'When the family member should be at the centre (before the child, docs/domain.md rule 2).',
  })
  parentArriveBy!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the family member arrived; null if they had not by the board’s moment.',
  })
  parentArrivedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the child arrived; null if they had not by the board’s moment.',
  })
  childArrivedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When contact started; null if it had not by the board’s moment.',
  })
  startedAt!: Date | null;

  @Field(() => ChildSummary, { description: 'The child: first name and initial only.' })
  child!: ChildSummary;

  @Field(() => StaffMember, { description: 'The supervising member of staff.' })
  supervisor!: StaffMember;

  @Field(() => StaffMember, {
    nullable: true,
    description: 'The second member of staff, present at high vigilance.',
  })
  secondStaff!: StaffMember | null;

  @Field(() => SupervisionLevelEnum, {
    description: 'How closely contact must be watched, from the child’s contact agreement.',
  })
  supervisionLevel!: SupervisionLevel;

  @Field(() => Int, { description: 'The session’s version, for `recordSessionStep`’s `expectedVersion`.' })
  version!: number;
}

@ObjectType({
  description: 'Something about a room that the centre manager must act on now.',
  simpleResolvers: true,
})
export class RoomWarning {
  @Field(() => RoomWarningKindEnum, { description: 'What kind of problem it is.' })
  kind!: RoomWarningKind;

  @Field(() => ID, { nullable: true, description: 'The session it concerns.' })
  sessionId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Minutes that measure it: how late the family is after the child’s start, how long a checked-in child has waited, how far over the session runs, how soon the next family arrives or the booked child is due.',
  })
  minutes!: number | null;

  @Field(() => String, { description: 'The warning in words, with Europe/London times.' })
  message!: string;
}

@ObjectType({
  description: 'One room on the board, with its live state, its session now and its next one.',
  simpleResolvers: true,
})
export class RoomBoardRoom {
  @Field(() => RoomType, { description: 'The room, with its condition as staff last set it.' })
  room!: RoomType;

  @Field(() => RoomStateEnum, { description: 'The room’s live state at the board’s moment.' })
  state!: RoomState;

  @Field(() => BoardSession, {
    nullable: true,
    description:
      'The session holding the room: the family member has arrived and the session has not ended. Null when none.',
  })
  current!: BoardSession | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Minutes since contact started in the current session; null before it starts.',
  })
  elapsedMinutes!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Minutes until the current session’s booked end, never below 0 (an overrun is a warning); null without one.',
  })
  remainingMinutes!: number | null;

  @Field(() => BoardSession, {
    nullable: true,
    description: 'The next session today (Europe/London) that nobody has arrived for yet.',
  })
  next!: BoardSession | null;

  @Field(() => [BoardSession], {
    description:
      'Today’s sessions in this room whose family has given notice that they cannot come (see `absenceNotices`) and whose outcome is not recorded yet; they are never `next` and raise no lateness warning.',
  })
  notComing!: BoardSession[];

  @Field(() => [RoomWarning], {
    description: 'What needs the manager’s attention in this room, most urgent first.',
  })
  warnings!: RoomWarning[];
}

@ObjectType({
  description: 'How many rooms of the centre are in each state, and how many warnings are open.',
  simpleResolvers: true,
})
export class RoomBoardCounts {
  @Field(() => Int, { description: 'Rooms free.' })
  free!: number;

  @Field(() => Int, { description: 'Rooms occupied.' })
  occupied!: number;

  @Field(() => Int, { description: 'Rooms that need tidying.' })
  needsTidying!: number;

  @Field(() => Int, { description: 'Rooms out of service.' })
  outOfService!: number;

  @Field(() => Int, { description: 'Warnings across all rooms.' })
  warnings!: number;
}

@ObjectType({
  description:
    'The centre manager’s live room board: every room of a centre at a moment, with its state, session and warnings.',
  simpleResolvers: true,
})
export class RoomBoard {
  @Field(() => ID, { description: 'The centre.' })
  centreId!: string;

  @Field(() => String, { description: 'The centre’s name.' })
  centreName!: string;

  @Field(() => Date, { description: 'The moment the board describes.' })
  at!: Date;

  @Field(() => [RoomBoardRoom], { description: 'Every room of the centre, in name order.' })
  rooms!: RoomBoardRoom[];

  @Field(() => RoomBoardCounts, { description: 'Rooms per state, and warnings, across the centre.' })
  counts!: RoomBoardCounts;
}
