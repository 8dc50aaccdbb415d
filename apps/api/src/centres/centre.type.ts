import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RoomType } from '../rooms/room.type.js';

@ObjectType({ description: 'A day’s opening hours at a centre, in Europe/London time.' })
export class OpeningDay {
  @Field(() => Int, { description: 'Day of the week: 0 is Sunday, 6 is Saturday.' })
  weekday!: number;

  @Field(() => String, { description: 'The day’s name, e.g. Monday.' })
  dayName!: string;

  @Field(() => String, { nullable: true, description: 'Opening time as HH:MM; null when closed all day.' })
  open!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Closing time as HH:MM (24:00 is midnight); null when closed all day.',
  })
  close!: string | null;
}

@ObjectType('Centre', { description: 'A family contact centre: its premises, hours and meeting rooms.' })
export class CentreType {
  @Field(() => ID, { description: 'Stable identifier of the centre.' })
  id!: string;

  @Field(() => String, { description: 'The centre’s name.' })
  name!: string;

  @Field(() => String, { description: 'The centre’s postal address.' })
  address!: string;

  @Field(() => [OpeningDay], { description: 'Opening hours for each day of the week, Sunday first.' })
  openingHours!: OpeningDay[];

  @Field(() => Int, {
    description:
      'Minutes a room is kept free after each session for tidying, on top of the family member’s 15 minutes either side (docs/domain.md rule 3).',
  })
  turnoverMinutes!: number;

  @Field(() => [RoomType], { description: 'The centre’s meeting rooms, in name order.' })
  rooms!: RoomType[];
}
