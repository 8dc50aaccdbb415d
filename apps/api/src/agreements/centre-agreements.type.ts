import type { AgreementStatus } from './agreement.entity.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChildSummary } from '../people/people.type.js';
import { AgreementStatusEnum } from './agreement.type.js';

@ObjectType('CentreAgreement', {
  description:
    'An agreement at a centre as the person booking sessions needs it: whose it is, who comes, and how sessions run.',
  simpleResolvers: true,
})
export class CentreAgreementType {
  @Field(() => ID, { description: 'Stable identifier of the agreement.' })
  id!: string;

  @Field(() => AgreementStatusEnum, {
    description: 'ACTIVE (any session) or DRAFT (a pre-contact visit or planning meeting only).',
  })
  status!: AgreementStatus;

  @Field(() => ChildSummary, { description: 'The child: first name and initial only.' })
  child!: ChildSummary;

  @Field(() => [String], { description: 'The family members who take part in contact, by name.' })
  participantNames!: string[];

  @Field(() => Int, { description: 'Sessions a week the agreement asks for.' })
  sessionsPerWeek!: number;

  @Field(() => Int, { description: 'Minutes of the child’s time in each session.' })
  sessionMinutes!: number;

  @Field(() => Boolean, {
    description: 'Whether each session needs a second member of staff (high vigilance).',
  })
  requiresSecondStaff!: boolean;
}
