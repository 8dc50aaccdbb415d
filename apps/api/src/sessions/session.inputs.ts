import type { SessionStep } from '@kinroom/domain';
import type {
  AttendanceOutcome,
  CancellationReason,
  FamilyInformedMethod,
  SessionKind,
} from '@kinroom/domain';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { AttendanceOutcomeEnum, CancellationReasonEnum, SessionKindEnum } from '../graphql/enums.js';
import { FamilyInformedMethodEnum } from './session.enums.js';

export type { SessionStep };

@InputType({ description: 'A new booking.' })
export class BookSessionInput {
  @Field(() => ID, { description: 'The active, signed contact agreement the session is held under.' })
  agreementId!: string;

  @Field(() => ID, { description: 'The room to book; it must be at the agreement’s centre.' })
  roomId!: string;

  @Field(() => ID, {
    description:
      'The supervisor: an active contact supervisor of the room’s centre (else SESSION_STAFF_NOT_ELIGIBLE), free at that time.',
  })
  supervisorId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'A second member of staff; required when the agreement is at high vigilance. Like the supervisor, an active contact supervisor of the centre, free at that time.',
  })
  secondStaffId?: string | null;

  @Field(() => SessionKindEnum, { defaultValue: 'contact', description: 'What the booking is for.' })
  kind!: SessionKind;

  @Field(() => Date, { description: 'When the child’s time starts.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When the child’s time ends.' })
  endsAt!: Date;
}

@InputType({ description: 'A change of time, room or staff for a booked session.' })
export class RescheduleSessionInput {
  @Field(() => ID, { description: 'The session to move.' })
  sessionId!: string;

  @Field(() => Int, {
    description: 'The version you last read; a stale version is refused with STALE_VERSION.',
  })
  expectedVersion!: number;

  @Field(() => Date, { description: 'New start.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'New end.' })
  endsAt!: Date;

  @Field(() => ID, { nullable: true, description: 'New room; unchanged when omitted.' })
  roomId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New supervisor; unchanged when omitted.' })
  supervisorId?: string | null;
}

/**
 * Why the centre cancels, and when the family was told: the same for one session and for the rest of a series. Not in
 * the schema by itself (no field takes it); each cancelling input inherits its fields.
 */
@InputType()
export abstract class CentreCancellationInput {
  @Field(() => CancellationReasonEnum, { description: 'Why the centre is cancelling.' })
  reason!: CancellationReason;

  @Field(() => String, { nullable: true, description: 'Details; required when the reason is OTHER.' })
  note?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the family was told, if they already have been; not in the future. Give `familyInformedVia` with it (else FAMILY_INFORMED_METHOD_REQUIRED). Leave both out when the family has not been told yet.',
  })
  familyInformedAt?: Date | null;

  @Field(() => FamilyInformedMethodEnum, {
    nullable: true,
    description:
      'How the family was told; required with `familyInformedAt`, refused without it. KINROOM_MESSAGE is set by Kinroom when its own message is delivered.',
  })
  familyInformedVia?: FamilyInformedMethod | null;
}

@InputType({ description: 'The centre cancels a session (docs/domain.md rule 6).' })
export class CancelSessionInput extends CentreCancellationInput {
  @Field(() => ID, { description: 'The session to cancel.' })
  sessionId!: string;

  @Field(() => Int, { description: 'The version you last read.' })
  expectedVersion!: number;
}

export const SessionStepEnum = {
  RECORD_PARENT_ARRIVAL: 'record_parent_arrival',
  RECORD_CHILD_ARRIVAL: 'record_child_arrival',
  START: 'start',
  END: 'end',
  RECORD_NO_SHOW: 'record_no_show',
} as const;
registerEnumType(SessionStepEnum, {
  name: 'SessionStep',
  description: 'A step a supervisor records as a session happens.',
  valuesConfig: {
    RECORD_PARENT_ARRIVAL: { description: 'The family member has arrived.' },
    RECORD_CHILD_ARRIVAL: { description: 'The child has arrived (only after the family member).' },
    START: { description: 'Contact has started.' },
    END: { description: 'Contact has ended; attendance is recorded from the arrival time.' },
    RECORD_NO_SHOW: {
      description: 'The family member did not come; attendance is recorded, with any notice given.',
    },
  },
});

@InputType({ description: 'A step in a session, recorded by its supervisor (or the centre manager).' })
export class RecordSessionStepInput {
  @Field(() => ID, { description: 'The session.' })
  sessionId!: string;

  @Field(() => Int, { description: 'The version you last read.' })
  expectedVersion!: number;

  @Field(() => SessionStepEnum, { description: 'What happened.' })
  step!: SessionStep;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it happened; now when omitted. Not in the future, and not before the step opens (see recordSessionStep).',
  })
  at?: Date | null;
}

@InputType({ description: 'A family member’s notice that they cannot attend (docs/domain.md rule 7).' })
export class RecordAbsenceNoticeInput {
  @Field(() => ID, { description: 'The session they cannot attend.' })
  sessionId!: string;

  @Field(() => Date, {
    description:
      'When the centre received the notice; not in the future. It explains the absence only if it is before the start and the notice is recorded before the start too: one recorded later is kept as a late notice.',
  })
  receivedAt!: Date;

  @Field(() => String, { description: 'Who gave notice (name, and relationship to the child).' })
  givenBy!: string;

  @Field(() => String, { description: 'The reason they gave.' })
  reason!: string;
}

@InputType({
  description:
    'A centre manager’s reasoned correction of a recorded absence (docs/domain.md rule 7), e.g. after a late notice. Kept in the record with who made it, when, why, and from what to what.',
})
export class CorrectAttendanceInput {
  @Field(() => ID, { description: 'The session whose recorded absence is corrected.' })
  sessionId!: string;

  @Field(() => AttendanceOutcomeEnum, {
    description:
      'The corrected outcome: EXPLAINED_ABSENCE or UNEXPLAINED_NO_SHOW (attendance and cancellations are never corrected).',
  })
  outcome!: AttendanceOutcome;

  @Field(() => String, { description: 'Why the outcome is corrected; required.' })
  reason!: string;
}
