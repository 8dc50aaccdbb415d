import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SessionType } from './session.type.js';

@ObjectType('FreeSlot', {
  description: 'A time that passes every booking rule, with a room and supervisor free for it.',
})
export class FreeSlotType {
  @Field(() => Date, { description: 'When the child’s time starts.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When the child’s time ends.' })
  endsAt!: Date;

  @Field(() => ID, { description: 'A room free for it.' })
  roomId!: string;

  @Field(() => String, { description: 'The room’s name.' })
  roomName!: string;

  @Field(() => ID, { description: 'A supervisor free for it.' })
  supervisorId!: string;

  @Field(() => String, { description: 'The supervisor’s name.' })
  supervisorName!: string;

  @Field(() => Boolean, {
    description: 'Whether it is the family’s usual supervisor (docs/domain.md rule 4).',
  })
  usualSupervisor!: boolean;

  @Field(() => Boolean, { description: 'Whether it is the family’s usual room.' })
  usualRoom!: boolean;
}

@ObjectType('SeriesProblem', { description: 'One reason a planned session cannot be booked.' })
export class SeriesProblemType {
  @Field(() => String, {
    description:
      'ROOM_DOUBLE_BOOKED, SUPERVISOR_DOUBLE_BOOKED, STAFF_DOUBLE_BOOKED or CHILD_DOUBLE_BOOKED (with the other session), or a timing rule: OUTSIDE_OPENING_HOURS, CLASHES_WITH_SCHOOL, CLASHES_WITH_PARENT_WORK, IN_THE_PAST, TOO_SHORT, TOO_LONG, SPANS_MIDNIGHT, END_BEFORE_START.',
  })
  code!: string;

  @Field(() => String, { description: 'What is wrong, naming the other session by day, time and room.' })
  message!: string;

  @Field(() => ID, { nullable: true, description: 'The session it clashes with, if any.' })
  clashingSessionId!: string | null;
}

@ObjectType('SeriesOccurrencePlan', { description: 'One session of a planned series.' })
export class SeriesOccurrencePlanType {
  @Field(() => String, { description: 'The London day, YYYY-MM-DD.' })
  date!: string;

  @Field(() => Date, { description: 'When the child’s time would start.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When it would end.' })
  endsAt!: Date;

  @Field(() => Boolean, { description: 'Whether it can be booked as planned.' })
  bookable!: boolean;

  @Field(() => [SeriesProblemType], { description: 'Every reason it cannot; empty when it can.' })
  problems!: SeriesProblemType[];

  @Field(() => FreeSlotType, {
    nullable: true,
    description:
      'When it cannot: the nearest free time in its week with the same supervisor (and the same room where possible); null when it can, or when nothing is free.',
  })
  suggestion!: FreeSlotType | null;
}

@ObjectType('SkippedSeriesDate', { description: 'A day of the pattern with no session planned.' })
export class SkippedSeriesDateType {
  @Field(() => String, { description: 'The London day, YYYY-MM-DD.' })
  date!: string;

  @Field(() => String, { description: 'Why: BANK_HOLIDAY.' })
  reason!: string;

  @Field(() => String, { description: 'In words.' })
  message!: string;
}

@ObjectType('SeriesPlan', {
  description: 'A weekly pattern of sessions, checked session by session before booking.',
})
export class SeriesPlanType {
  @Field(() => String, {
    description: 'The pattern as iCalendar text (DTSTART and RRULE), as stored when booked.',
  })
  rule!: string;

  @Field(() => Int, { description: 'Minutes of the child’s time in each session.' })
  durationMinutes!: number;

  @Field(() => [SeriesOccurrencePlanType], { description: 'Every planned session, in time order.' })
  occurrences!: SeriesOccurrencePlanType[];

  @Field(() => [SkippedSeriesDateType], { description: 'Days of the pattern skipped (bank holidays).' })
  skipped!: SkippedSeriesDateType[];

  @Field(() => Int, { description: 'How many of the planned sessions can be booked as planned.' })
  bookableCount!: number;
}

@ObjectType('SessionSeries', { description: 'Sessions booked together from a weekly pattern.' })
export class SessionSeriesType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The agreement the sessions are held under.' })
  agreementId!: string;

  @Field(() => ID, { description: 'The child the sessions are for.' })
  childId!: string;

  @Field(() => String, { description: 'The pattern as iCalendar text (DTSTART and RRULE).' })
  rule!: string;

  @Field(() => [SessionType], { description: 'The sessions booked, in time order.' })
  sessions!: SessionType[];
}

@ObjectType('SeriesPosition', { description: 'Where a session sits in its series, e.g. 3 of 24.' })
export class SeriesPositionType {
  @Field(() => ID, { description: 'The series.' })
  seriesId!: string;

  @Field(() => Int, { description: 'Its place in time order among the series’ sessions, from 1.' })
  index!: number;

  @Field(() => Int, { description: 'How many sessions the series has (cancelled ones included).' })
  total!: number;
}
