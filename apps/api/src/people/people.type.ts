import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A child as shown on boards and schedules: first name and initial only.',
  simpleResolvers: true,
})
export class ChildSummary {
  @Field(() => ID, { description: 'Stable identifier of the child.' })
  id!: string;

  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Field(() => String, { description: 'Initial of the family name.' })
  lastInitial!: string;
}
