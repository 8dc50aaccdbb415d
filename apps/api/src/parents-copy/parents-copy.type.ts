import {
  PARENTS_COPY_METHOD_LABELS,
  PARENTS_COPY_METHODS,
  PARENTS_COPY_MONTHS,
  type ParentsCopyMethod,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import { FamilyMemberType } from '../children/child.type.js';
import { domainEnum } from '../graphql/enums.js';

export const ParentsCopyMethodEnum = domainEnum(PARENTS_COPY_METHODS);
registerEnumType(ParentsCopyMethodEnum, {
  name: 'ParentsCopyMethod',
  description: 'How the parents’ copy of an observation record reached the family.',
  valuesConfig: Object.fromEntries(
    PARENTS_COPY_METHODS.map((m) => [m.toUpperCase(), { description: PARENTS_COPY_METHOD_LABELS[m] }]),
  ),
});

const DUE_DATE = `The London date (YYYY-MM-DD) by which the copy is to be shared: ${PARENTS_COPY_MONTHS} calendar months after the session, or that month’s last day when it is shorter.`;

@ObjectType('ParentsCopyWithholding', {
  description:
    'A part of the record kept out of the parents’ copy by the child’s social worker, and why. Never edited: taking it back is a dated entry of its own (`released…`).',
  simpleResolvers: true,
})
export class ParentsCopyWithholdingType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Which part is withheld, e.g. a section or a sentence.' })
  what!: string;

  @Field(() => String, {
    description: 'Why the parents may not read it, e.g. it would reveal where the child lives.',
  })
  reason!: string;

  @Field(() => Date, { description: 'When it was marked withheld.' })
  recordedAt!: Date;

  @Field(() => StaffMember, { description: 'The social worker who marked it.' })
  recordedBy!: StaffMember;

  @Field(() => Boolean, {
    description: 'True once the withholding was taken back: the part may be shared after all.',
  })
  released!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the withholding was taken back; null while it stands.',
  })
  releasedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was taken back; null while it stands.' })
  releaseReason!: string | null;

  @Field(() => StaffMember, { nullable: true, description: 'Who took it back; null while it stands.' })
  releasedBy!: StaffMember | null;
}

@ObjectType('ParentsCopySharing', {
  description: 'One sharing of the parents’ copy. Never edited; sharing again is another entry.',
  simpleResolvers: true,
})
export class ParentsCopySharingType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => [FamilyMemberType], {
    description: 'The family members who took part and were given the copy.',
  })
  sharedWith!: FamilyMemberType[];

  @Field(() => ParentsCopyMethodEnum, { description: 'How it reached them.' })
  method!: ParentsCopyMethod;

  @Field(() => Date, { description: 'When it was shared, as the social worker recorded it.' })
  sharedAt!: Date;

  @Field(() => Date, { description: 'When the sharing was recorded in Kinroom.' })
  recordedAt!: Date;

  @Field(() => StaffMember, { description: 'The social worker who recorded it.' })
  recordedBy!: StaffMember;
}

@ObjectType('ParentsCopy', {
  description:
    'The parents’ copy of a final observation record (docs/parents-copy.md): when it is due, what is withheld from it, and each time it was shared. For the child’s social worker and the manager of the session’s centre.',
  simpleResolvers: true,
})
export class ParentsCopyType {
  @Field(() => ID, { description: 'The final observation record.' })
  observationId!: string;

  @Field(() => ID, { description: 'The session it records.' })
  sessionId!: string;

  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => String, { description: 'The London date (YYYY-MM-DD) the session took place on.' })
  sessionDate!: string;

  @Field(() => String, { description: DUE_DATE })
  dueDate!: string;

  @Field(() => Boolean, { description: 'True when it has not been shared and its due date has passed.' })
  overdue!: boolean;

  @Field(() => Boolean, { description: 'True once it has been shared at least once.' })
  shared!: boolean;

  @Field(() => [FamilyMemberType], {
    description:
      'The family members who took part in the session (its agreement’s participants): whom to share it with.',
  })
  participants!: FamilyMemberType[];

  @Field(() => [ParentsCopyWithholdingType], { description: 'What is or was withheld, oldest first.' })
  withholdings!: ParentsCopyWithholdingType[];

  @Field(() => [ParentsCopySharingType], { description: 'Each sharing, oldest first.' })
  sharings!: ParentsCopySharingType[];
}

@ObjectType('ParentsCopyDue', {
  description:
    'A final observation record whose parents’ copy has not been shared yet, as the centre manager sees it.',
  simpleResolvers: true,
})
export class ParentsCopyDueType {
  @Field(() => ID, { description: 'The final observation record.' })
  observationId!: string;

  @Field(() => ID, { description: 'The session it records.' })
  sessionId!: string;

  @Field(() => String, { description: 'The child’s initials only, e.g. "M. T.".' })
  childInitials!: string;

  @Field(() => String, { description: 'The London date (YYYY-MM-DD) the session took place on.' })
  sessionDate!: string;

  @Field(() => String, { description: DUE_DATE })
  dueDate!: string;

  @Field(() => Boolean, { description: 'True when its due date has passed.' })
  overdue!: boolean;

  @Field(() => Int, {
    description: 'How many parts the social worker withholds from the copy (not taken back).',
  })
  withheldParts!: number;
}
