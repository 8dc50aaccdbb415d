import { STRIKES_WORDING, type ObservationStatus } from '@kinroom/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ContactAgreement } from '../agreements/agreement.entity.js';
import { ContactAgreementType } from '../agreements/agreement.type.js';
import { ObservationStatusEnum } from '../observations/observation.type.js';
import { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionType } from '../sessions/session.type.js';

@ObjectType({ description: 'A child on a caseload: names and date of birth.' })
export class CaseloadChild {
  @Field(() => ID, { description: 'Stable identifier of the child; use it with `child` and `childHistory`.' })
  id!: string;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Date of birth (YYYY-MM-DD).' })
  dateOfBirth!: string;
}

@ObjectType({
  description:
    'An observation record that is not final although its due time (5 working days after the session ended, docs/domain.md rule 9) has passed, whether or not anyone started it. Only supervised contact that took place needs one. Its content stays with the centre until final.',
})
export class OverdueReport {
  @Field(() => ID, {
    nullable: true,
    description: 'The observation record; null when nobody has started it.',
  })
  observationId!: string | null;

  @Field(() => ID, { description: 'The session it records.' })
  sessionId!: string;

  @Field(() => SessionType, {
    description: 'The session it records: when, where, which child, who supervised.',
  })
  session!: Session;

  @Field(() => Date, { description: 'When the session started.' })
  sessionStartsAt!: Date;

  @Field(() => ObservationStatusEnum, {
    nullable: true,
    description: 'Where the record is in its review; null when nobody has started it.',
  })
  status!: ObservationStatus | null;

  @Field(() => Date, { description: 'When it was due.' })
  dueAt!: Date;

  @Field(() => ID, {
    description:
      'The supervisor writing it, or, when nobody has started it, the session’s supervisor, who owes it; ask the centre manager to chase it.',
  })
  authorId!: string;
}

@ObjectType({
  description:
    'A reminder that an agreement’s review is due within 7 days, or overdue: record the review on or before its date.',
})
export class ReviewReminder {
  @Field(() => ContactAgreementType, { description: 'The agreement to review (active or suspended).' })
  agreement!: ContactAgreement;

  @Field(() => String, { description: 'The review date (YYYY-MM-DD, Europe/London).' })
  reviewDate!: string;

  @Field(() => Int, {
    description: 'Days from today (London) to the review date: 0 today, negative when overdue.',
  })
  daysUntil!: number;

  @Field(() => Boolean, { description: 'True when the review date has passed without a review.' })
  overdue!: boolean;
}

@ObjectType({
  description:
    'One child on the signed-in social worker’s caseload, with what needs the social worker: suspended agreements, safeguarding flags nobody has acknowledged, overdue observation reports, reviews due within 14 days, and the next session.',
})
export class CaseloadEntry {
  @Field(() => CaseloadChild, { description: 'The child.' })
  child!: CaseloadChild;

  @Field(() => Boolean, { description: 'True when any of the lists below is not empty.' })
  needsAttention!: boolean;

  @Field(() => [ContactAgreementType], {
    description: 'The child’s agreements that have not ended (draft, active, suspended), newest first.',
  })
  agreements!: ContactAgreement[];

  @Field(() => [ContactAgreementType], {
    description: `Agreements suspended by the ${STRIKES_WORDING.ruleAdjective} rule: meet the parent, and only a new agreement restarts contact.`,
  })
  suspendedAgreements!: ContactAgreement[];

  @Field(() => [ContactAgreementType], {
    description: 'Active or suspended agreements whose review date is within 14 days, or already past.',
  })
  reviewsDue!: ContactAgreement[];

  @Field(() => [ReviewReminder], {
    description:
      'Reviews due within 7 days or overdue, most pressing first: the reminder to record the review (a narrower list than reviewsDue).',
  })
  reviewReminders!: ReviewReminder[];

  @Field(() => [SafeguardingFlagType], {
    description: 'Safeguarding flags nobody has acknowledged yet: open, or escalated. Oldest first.',
  })
  unacknowledgedFlags!: SafeguardingFlagType[];

  @Field(() => [OverdueReport], { description: 'Observation reports past their due time, oldest due first.' })
  overdueReports!: OverdueReport[];

  @Field(() => SessionType, { nullable: true, description: 'The next session booked, if any.' })
  nextSession!: Session | null;
}
