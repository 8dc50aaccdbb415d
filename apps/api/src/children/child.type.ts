import { Field, ID, ObjectType } from 'type-graphql';
import type { ContactAgreement } from '../agreements/agreement.entity.js';
import { ContactAgreementType } from '../agreements/agreement.type.js';

@ObjectType('FamilyMember', { description: 'A member of the child’s family recorded on the child’s record.' })
export class FamilyMemberType {
  @Field(() => ID, { description: 'Stable identifier of the family member.' })
  id!: string;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Relationship to the child, e.g. mother, grandfather.' })
  relationship!: string;
}

@ObjectType('Carer', {
  description:
    'The child’s carers. Their identity and address are confidential (docs/domain.md rule 11): the child’s social worker receives them; the manager of a centre where the child has current work receives the name and telephone for handovers, never the address; nobody else receives any of it.',
})
export class CarerType {
  @Field(() => String, { description: 'The carer’s or placement’s name.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the child lives: only for the child’s social worker, null for everyone else.',
  })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Telephone number.' })
  phone!: string | null;
}

@ObjectType('Child', {
  description:
    'A looked-after child’s record, as far as the viewer needs to know (docs/domain.md rule 11). Every read is written to the access log with the fields read.',
})
export class ChildRecordType {
  @Field(() => ID, { description: 'Stable identifier of the child.' })
  id!: string;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Family name.' })
  lastName!: string;

  @Field(() => String, { description: 'Date of birth (YYYY-MM-DD).' })
  dateOfBirth!: string;

  @Field(() => String, {
    description:
      'The record is kept until this date (YYYY-MM-DD): the 75th birthday, or 15 years after death before 18 (docs/domain.md rule 12).',
  })
  retainUntil!: string;

  @Field(() => [FamilyMemberType], { description: 'The child’s family members on record.' })
  familyMembers!: FamilyMemberType[];

  @Field(() => [ContactAgreementType], {
    nullable: true,
    description:
      'The child’s contact agreements, newest first: all of them for the social worker and integrations, those at their centre for a centre manager; null for a supervisor, who sees what their sessions need through the sessions.',
  })
  agreements!: ContactAgreement[] | null;

  @Field(() => CarerType, {
    nullable: true,
    description:
      'Who the child lives with: for the child’s social worker (with the address) and the manager of a centre where the child has current work (name and telephone only); null for everyone else (integrations never receive it).',
  })
  carer!: CarerType | null;
}
