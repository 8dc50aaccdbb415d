import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A new meeting room at a centre.' })
export class RoomInput {
  @Field(() => ID, { description: 'The centre the room is at.' })
  centreId!: string;

  @Field(() => String, { description: 'The room’s name, unique at its centre.' })
  name!: string;

  @Field(() => Int, { description: 'How many people the room holds, 1 to 100.' })
  capacity!: number;

  @Field(() => [String], {
    defaultValue: [],
    description: 'What the room offers (toys, equipment), e.g. toys, kitchenette, garden door.',
  })
  facilities!: string[];
}

@InputType({ description: 'Changes to a room: only the fields given change.' })
export class RoomUpdateInput {
  @Field(() => String, { nullable: true, description: 'The room’s name, unique at its centre.' })
  name?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many people the room holds, 1 to 100.' })
  capacity?: number | null;

  @Field(() => [String], { nullable: true, description: 'What the room offers: the whole list.' })
  facilities?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Take the room out of service (true, with a note) or bring it back (false), as setRoomCondition does; refused with ROOM_OCCUPIED while a session holds it.',
  })
  outOfService?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why the room is out of service, for colleagues.' })
  outOfServiceNote?: string | null;
}
