import type { RiskFactor } from '@kinroom/domain';
import { Field, ID, InputType, Int } from 'type-graphql';
import { RiskFactorEnum } from './agreement.type.js';

@InputType({
  description:
    'A new contact agreement, written by the child’s social worker. The supervision level, its reasons and the contact type are worked out from the risk factors; the agreement starts as a draft until signed.',
})
export class CreateAgreementInput {
  @Field(() => ID, { description: 'The child; they must be on your caseload.' })
  childId!: string;

  @Field(() => ID, { description: 'The contact centre where sessions will take place.' })
  centreId!: string;

  @Field(() => [RiskFactorEnum], {
    description:
      'The assessed risks. None at all means no assessment has been recorded, and contact is supervised until one is.',
  })
  riskFactors!: RiskFactor[];

  @Field(() => Int, { description: 'Contact sessions per week, 1 to 14.' })
  sessionsPerWeek!: number;

  @Field(() => Int, { description: 'Length of each session in minutes, 15 to 480.' })
  sessionMinutes!: number;

  @Field(() => [ID], {
    description: 'The family members who take part: at least one, each recorded as the child’s family.',
  })
  participantIds!: string[];

  @Field(() => String, {
    description:
      'How the child gets to and from the centre. The social worker arranges it (docs/domain.md rule 5); parents arrange their own travel.',
  })
  transportPlan!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Financial support for the parent’s own travel, e.g. “bus fare refunded on receipt”.',
  })
  travelSupport?: string | null;

  @Field(() => [String], { description: 'The conditions the parent is asked to sign up to.' })
  conditions!: string[];

  @Field(() => String, { description: 'When the agreement is first reviewed (YYYY-MM-DD), after today.' })
  reviewDate!: string;
}

@InputType({
  description:
    'A review of an agreement: what was decided, the next review date, and any change to its practical terms. Changing the risks, the participants or the conditions the parent signed needs a new agreement.',
})
export class ReviewAgreementInput {
  @Field(() => String, { description: 'What was reviewed and decided, in your words.' })
  summary!: string;

  @Field(() => String, { description: 'The next review date (YYYY-MM-DD), after today.' })
  nextReviewDate!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'New number of sessions per week; unchanged when omitted.',
  })
  sessionsPerWeek?: number | null;

  @Field(() => Int, { nullable: true, description: 'New session length in minutes; unchanged when omitted.' })
  sessionMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'New transport plan for the child; unchanged when omitted.',
  })
  transportPlan?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'New travel support for the parent; unchanged when omitted, an empty string removes it.',
  })
  travelSupport?: string | null;
}

@InputType({
  description:
    'The meeting with the parent after a three-strikes suspension (docs/domain.md rule 8): when it was held, who attended and what was agreed.',
})
export class RecordSuspensionMeetingInput {
  @Field(() => ID, { description: 'The suspended agreement the meeting was about.' })
  agreementId!: string;

  @Field(() => Date, {
    description: 'When the meeting was held: not in the future, and not before the suspension notice.',
  })
  heldAt!: Date;

  @Field(() => [ID], {
    description: 'The family members under the agreement who attended: at least one.',
  })
  familyMemberIds!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Anyone else who attended, as written, e.g. “Aisha Khan, social worker”; up to 20.',
  })
  otherAttendees?: string[] | null;

  @Field(() => String, { description: 'What was agreed, in your words.' })
  agreed!: string;
}
