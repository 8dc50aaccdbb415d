import type {
  AttendanceOutcome,
  CancellationReason,
  FamilyInformedMethod,
  SessionKind,
  SessionStatus,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  AttendanceOutcomeEnum,
  CancellationReasonEnum,
  SessionKindEnum,
  SessionStatusEnum,
} from '../graphql/enums.js';
import { FamilyInformedMethodEnum } from './session.enums.js';

@ObjectType({
  description:
    'Why and when the centre cancelled a session, and when the family was told (docs/domain.md rule 6).',
})
export class Cancellation {
  @Field(() => CancellationReasonEnum, { description: 'The reason given.' })
  reason!: CancellationReason;

  @Field(() => String, { nullable: true, description: 'Details in the canceller’s words.' })
  note!: string | null;

  @Field(() => Date, { description: 'When it was cancelled.' })
  cancelledAt!: Date;

  @Field(() => ID, { description: 'The staff member who cancelled it.' })
  cancelledById!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When the family was told; null until someone records it.',
  })
  familyInformedAt!: Date | null;
}

@ObjectType({
  description:
    'The staggered arrival plan: the family member comes first and leaves last (docs/domain.md rule 2).',
})
export class ArrivalPlan {
  @Field(() => Date, { description: 'The family member should be at the centre by this time.' })
  parentArriveBy!: Date;

  @Field(() => Date, { description: 'When the child is brought in from the carers (the session start).' })
  childArrivesAt!: Date;

  @Field(() => Date, { description: 'When the child leaves (the session end).' })
  childLeavesAt!: Date;

  @Field(() => Date, { description: 'The family member leaves no earlier than this.' })
  parentLeavesFrom!: Date;
}

@ObjectType({ description: 'How a session went for attendance.', simpleResolvers: true })
export class AttendanceRecord {
  @Field(() => AttendanceOutcomeEnum, { description: 'The outcome, which drives the three-strikes rule.' })
  outcome!: AttendanceOutcome;

  @Field(() => Int, { nullable: true, description: 'Minutes late, when late within the grace period.' })
  minutesLate!: number | null;

  @Field(() => Date, { description: 'When it was recorded.' })
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: 'A note from the person who recorded it.' })
  note!: string | null;
}

@ObjectType('Session', {
  description: 'A booking of a room and a supervisor for a child and their family.',
  simpleResolvers: true,
})
export class SessionType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => SessionKindEnum, { description: 'Contact session, pre-contact visit or planning meeting.' })
  kind!: SessionKind;

  @Field(() => SessionStatusEnum, { description: 'Where the session is in its day.' })
  status!: SessionStatus;

  @Field(() => Date, { description: 'When the child’s time starts (UTC; show it in Europe/London).' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When the child’s time ends.' })
  endsAt!: Date;

  @Field(() => ID, { description: 'The centre the session is at.' })
  centreId!: string;

  @Field(() => ID, { description: 'The room booked.' })
  roomId!: string;

  @Field(() => ID, { description: 'The supervising member of staff.' })
  supervisorId!: string;

  @Field(() => ID, { nullable: true, description: 'A second member of staff, required at high vigilance.' })
  secondStaffId!: string | null;

  @Field(() => ID, { description: 'The child the session is for.' })
  childId!: string;

  @Field(() => ID, { description: 'The contact agreement the session is held under.' })
  agreementId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The recurring series it was booked in (`bookSeries`), if any; null for a session booked on its own.',
  })
  seriesId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the family member arrived.' })
  parentArrivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the child arrived.' })
  childArrivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When contact actually started.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When contact actually ended.' })
  endedAt!: Date | null;

  @Field(() => FamilyInformedMethodEnum, {
    nullable: true,
    description:
      'How the family was told of the cancellation (with `cancellation.familyInformedAt`); null while they have not been told, or when it was recorded without the way.',
  })
  familyInformedVia!: FamilyInformedMethod | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Set when the supervisor is not the family’s usual one (docs/domain.md rule 4): who usually supervises.',
  })
  continuityNote!: string | null;

  @Field(() => Int, { description: 'Version for optimistic locking: send it back with any change.' })
  version!: number;
}

@ObjectType('AbsenceNotice', {
  description:
    'A family member’s notice that they cannot attend a session (docs/domain.md rule 7), with when the centre says it received it and when it was recorded. Never changed once recorded.',
})
export class AbsenceNoticeType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The session.' })
  sessionId!: string;

  @Field(() => Date, {
    description: 'When the centre received it, as given by the member of staff who recorded it.',
  })
  receivedAt!: Date;

  @Field(() => Date, { description: 'When it was recorded, by the server’s clock.' })
  recordedAt!: Date;

  @Field(() => String, { description: 'Who gave notice.' })
  givenBy!: string;

  @Field(() => String, { description: 'The reason given.' })
  reason!: string;

  @Field(() => Boolean, {
    description:
      'Whether it explains the absence: received and recorded before the session started, and before any outcome was recorded. A notice that does not is kept as a late notice; only a manager’s correction (`correctAttendance`) then changes the outcome.',
  })
  explainsAbsence!: boolean;

  @Field(() => Boolean, {
    description: 'The same as `explainsAbsence`.',
    deprecationReason:
      'Use explainsAbsence: a notice explains the absence only if it was also recorded before the start.',
  })
  beforeStart!: boolean;
}

@ObjectType('AttendanceCorrection', {
  description:
    'A centre manager’s reasoned correction of a recorded absence (docs/domain.md rule 7): who, when, why, and from what to what. Never changed once recorded.',
})
export class AttendanceCorrectionType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => AttendanceOutcomeEnum, { description: 'The outcome before the correction.' })
  fromOutcome!: AttendanceOutcome;

  @Field(() => AttendanceOutcomeEnum, { description: 'The outcome after it.' })
  toOutcome!: AttendanceOutcome;

  @Field(() => String, { description: 'Why the manager corrected it.' })
  reason!: string;

  @Field(() => Date, { description: 'When it was corrected, by the server’s clock.' })
  correctedAt!: Date;

  @Field(() => ID, { description: 'The manager who corrected it.' })
  correctedById!: string;
}
