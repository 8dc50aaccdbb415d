import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A room, as named on schedules.' })
export class RoomSummary {
  @Field(() => ID, { description: 'Stable identifier of the room.' })
  id!: string;

  @Field(() => String, { description: 'The room’s name at its centre.' })
  name!: string;
}
