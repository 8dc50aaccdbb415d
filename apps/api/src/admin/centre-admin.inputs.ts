import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'One day’s opening hours, in Europe/London time.' })
export class OpeningDayInput {
  @Field(() => Int, { description: 'Day of the week: 0 is Sunday, 6 is Saturday.' })
  weekday!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Opening time as HH:MM; null (with close) when closed.',
  })
  open?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Closing time as HH:MM (24:00 is midnight); null (with open) when closed.',
  })
  close?: string | null;
}

@InputType({ description: 'A new family contact centre.' })
export class CentreInput {
  @Field(() => String, { description: 'The centre’s name, unique in the council.' })
  name!: string;

  @Field(() => String, { description: 'The centre’s postal address.' })
  address!: string;

  @Field(() => [OpeningDayInput], {
    description: 'Opening hours: the days it opens; a day not listed, or without times, is closed.',
  })
  openingHours!: OpeningDayInput[];

  @Field(() => Int, {
    defaultValue: 15,
    description: 'Minutes a room is kept free after each session for tidying, 0 to 120.',
  })
  turnoverMinutes!: number;
}

@InputType({ description: 'Changes to a centre: only the fields given change.' })
export class CentreUpdateInput {
  @Field(() => String, { nullable: true, description: 'The centre’s name, unique in the council.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'The centre’s postal address.' })
  address?: string | null;

  @Field(() => [OpeningDayInput], {
    nullable: true,
    description: 'The whole week’s opening hours; a day not listed, or without times, is closed.',
  })
  openingHours?: OpeningDayInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Minutes kept free after each session, 0 to 120.' })
  turnoverMinutes?: number | null;
}
