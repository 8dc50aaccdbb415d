import type { SessionKind } from '@kinroom/domain';
import { Field, ID, InputType, Int } from 'type-graphql';
import { SessionKindEnum } from '../graphql/enums.js';
import { CentreCancellationInput } from './session.inputs.js';

@InputType({
  description:
    'A weekly pattern of sessions under an agreement, e.g. Tuesdays and Thursdays at 16:00 for 12 weeks.',
})
export class SeriesPatternInput {
  @Field(() => ID, { description: 'The contact agreement the sessions are held under.' })
  agreementId!: string;

  @Field(() => ID, { description: 'The room, at the agreement’s centre.' })
  roomId!: string;

  @Field(() => ID, { description: 'The supervisor, kept for every session of the series.' })
  supervisorId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A second member of staff, kept for every session; required at high vigilance.',
  })
  secondStaffId?: string | null;

  @Field(() => SessionKindEnum, { defaultValue: 'contact', description: 'What the sessions are for.' })
  kind!: SessionKind;

  @Field(() => [Int], { description: 'Days of the week, 0 (Sunday) to 6 (Saturday); at least one.' })
  weekdays!: number[];

  @Field(() => String, {
    description: 'When the child’s time starts, London clock time HH:MM, e.g. "16:00".',
  })
  startTime!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Minutes of the child’s time in each session; the agreement’s session length when omitted.',
  })
  durationMinutes?: number | null;

  @Field(() => String, { description: 'The first day of the series, YYYY-MM-DD.' })
  firstDate!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'How many weeks the series runs from the first day (1–52). Give this or `until`.',
  })
  weeks?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The last day of the series, YYYY-MM-DD, inclusive. Give this or `weeks`.',
  })
  until?: string | null;
}

@InputType({
  description: 'One planned session the manager accepts, optionally at a suggested time or room.',
})
export class SeriesOccurrenceChoiceInput {
  @Field(() => String, { description: 'The planned day, YYYY-MM-DD, as `planSeries` listed it.' })
  date!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Another start, e.g. the suggestion’s; the planned one when omitted.',
  })
  startsAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Another end; when omitted, the start plus the series’ session length.',
  })
  endsAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Another room of the centre, e.g. the suggestion’s.' })
  roomId?: string | null;
}

@InputType({ description: 'Book a series: its pattern and the planned sessions accepted.' })
export class BookSeriesInput extends SeriesPatternInput {
  @Field(() => [SeriesOccurrenceChoiceInput], {
    nullable: true,
    description: 'The sessions to book, each at most once; every planned session when omitted.',
  })
  occurrences?: SeriesOccurrenceChoiceInput[] | null;
}

@InputType({ description: 'Cancel the rest of a series, from one of its sessions onwards.' })
export class CancelSeriesFromInput extends CentreCancellationInput {
  @Field(() => ID, { description: 'The series.' })
  seriesId!: string;

  @Field(() => ID, { description: 'The first session to cancel; every later one still booked goes too.' })
  fromSessionId!: string;
}

@InputType({
  description: 'Move the rest of a series, from one of its sessions onwards. Omitted parts stay as they are.',
})
export class MoveSeriesFromInput {
  @Field(() => ID, { description: 'The series.' })
  seriesId!: string;

  @Field(() => ID, { description: 'The first session to move; every later one still booked moves too.' })
  fromSessionId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'New London start time HH:MM, each session on its own day.',
  })
  startTime?: string | null;

  @Field(() => Int, { nullable: true, description: 'New length of the child’s time, in minutes.' })
  durationMinutes?: number | null;

  @Field(() => ID, { nullable: true, description: 'New room.' })
  roomId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New supervisor.' })
  supervisorId?: string | null;
}
