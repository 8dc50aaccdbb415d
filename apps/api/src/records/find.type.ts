import { Field, ID, ObjectType } from 'type-graphql';
import { ChildMatchType, FamilyMemberIdentityFields } from './records.type.js';

@ObjectType('FamilyMemberMatchChild', {
  description:
    'A child within your reach whose family the family member found is in, and how they are related.',
  simpleResolvers: true,
})
export class FamilyMemberMatchChildType {
  @Field(() => ChildMatchType, { description: 'The child.' })
  child!: ChildMatchType;

  @Field(() => String, { description: 'How the family member is related to this child, e.g. mother.' })
  relationship!: string;
}

@ObjectType('FamilyMemberMatch', {
  description:
    'A family member already on record, found by name to be linked to another child (linkFamilyMember): who they are, and the children within your reach whose family they are in.',
  simpleResolvers: true,
})
export class FamilyMemberMatchType extends FamilyMemberIdentityFields {
  @Field(() => [FamilyMemberMatchChildType], {
    description:
      'The children within your reach whose family they are in, by family name; empty for someone you have just recorded and not yet linked.',
  })
  children!: FamilyMemberMatchChildType[];
}

@ObjectType('CarerMatch', {
  description:
    'A carer already on record, found by name to place another child with (saveChild with carerId): for a social worker, only the carers of the children on their caseload (docs/access.md). The children who live with them tell two carers of one name apart; the address is not part of a match (carerDetails has it).',
  simpleResolvers: true,
})
export class CarerMatchType {
  @Field(() => ID, { description: 'Stable identifier of the carer.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the carer.' })
  externalId!: string | null;

  @Field(() => String, { description: 'The carer’s or placement’s name.' })
  name!: string;

  @Field(() => [ChildMatchType], {
    description:
      'The children within your reach who live with the carer, by family name; empty for a carer you have just recorded and no child lives with yet.',
  })
  children!: ChildMatchType[];
}
