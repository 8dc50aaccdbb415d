import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { RoomCondition } from './room.entity.js';
import { RoomConditionEnum } from './room.enums.js';

@ObjectType({ description: 'A room, as named on schedules.', simpleResolvers: true })
export class RoomSummary {
  @Field(() => ID, { description: 'Stable identifier of the room.' })
  id!: string;

  @Field(() => String, { description: 'The room’s name at its centre.' })
  name!: string;
}

@ObjectType('Room', {
  description: 'A meeting room at a centre, with what staff last said about its condition.',
  simpleResolvers: true,
})
export class RoomType {
  @Field(() => ID, { description: 'Stable identifier of the room.' })
  id!: string;

  @Field(() => ID, { description: 'The centre the room is at.' })
  centreId!: string;

  @Field(() => String, { description: 'The room’s name at its centre.' })
  name!: string;

  @Field(() => Int, { description: 'How many people the room holds.' })
  capacity!: number;

  @Field(() => [String], { description: 'What the room offers, e.g. toys, kitchenette, garden door.' })
  facilities!: readonly string[];

  @Field(() => RoomConditionEnum, {
    description:
      'Ready, needs tidying or out of service, as staff last set it (occupied shows on the board).',
  })
  condition!: RoomCondition;

  @Field(() => String, { nullable: true, description: 'Why, in the words of whoever set the condition.' })
  conditionNote!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the condition was last set; null if it never changed since the room was created.',
  })
  conditionChangedAt!: Date | null;

  @Field(() => Int, { description: 'Version for optimistic locking: send it back with setRoomCondition.' })
  version!: number;
}
