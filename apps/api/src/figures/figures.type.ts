import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** How much one room, or all of a centre's rooms together, was booked against the hours the centre was open. */
@ObjectType('RoomUse', {
  description: 'How much of the hours a centre was open a room was booked for (docs/figures.md, "Room use").',
})
export class RoomUseType {
  @Field(() => ID, { nullable: true, description: 'The room; null for all the centre’s rooms together.' })
  roomId!: string | null;

  @Field(() => String, { description: 'The room’s name, or "All rooms".' })
  roomName!: string;

  @Field(() => Float, {
    description:
      'Hours booked: from each session’s booked start to its booked end, for sessions not cancelled, by the week the session starts in.',
  })
  bookedHours!: number;

  @Field(() => Float, {
    description:
      'Hours the centre was open, from its opening hours (for all rooms: times the number of rooms). Bank holidays are counted as ordinary days.',
  })
  openHours!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Booked hours ÷ open hours, from 0 to 1 (it can pass 1 if bookings ran past closing); null when the centre was not open.',
  })
  rate!: number | null;
}

/**
 * One period's figures: a London week, or the whole range asked for. Each definition is in its field's description
 * and in docs/figures.md; a rate is null, not 0, when there is nothing to divide by.
 */
@ObjectType('FiguresPeriod', {
  description: 'A centre’s figures for one London week (Monday to Sunday) or for the whole range asked for.',
})
export class FiguresPeriodType {
  @Field(() => String, { description: 'First day of the period, a Monday (London date, YYYY-MM-DD).' })
  from!: string;

  @Field(() => String, { description: 'Last day of the period, a Sunday (London date, YYYY-MM-DD).' })
  to!: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'Attendance rate: sessions attended (on time or late within the grace period) ÷ sessions whose attendance was recorded, leaving out sessions the centre cancelled; by the week the session was booked to start. Null when none was recorded.',
  })
  attendanceRate!: number | null;

  @Field(() => Int, { description: 'Sessions attended, on time or late within the grace period.' })
  sessionsAttended!: number;

  @Field(() => Int, {
    description: 'Sessions whose attendance was recorded, leaving out sessions the centre cancelled.',
  })
  sessionsRecorded!: number;

  @Field(() => Int, {
    description: 'Unexplained absences: sessions recorded as a no-show without notice before the start.',
  })
  unexplainedAbsences!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median days from an agreement being signed to its first contact session that took place (London calendar days), for agreements whose first such session started in the period. Null when there were none.',
  })
  medianDaysToFirstSession!: number | null;

  @Field(() => Int, { description: 'Agreements whose first contact session took place in the period.' })
  agreementsStarted!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Reports on time: observation records final by their due time ÷ records due in the period (due 5 working days after the session, docs/domain.md rule 9). A record counts as due once its due time has passed or once it is final. Null when none was due.',
  })
  reportsOnTimeRate!: number | null;

  @Field(() => Int, {
    description: 'Observation records due in the period that were final by their due time.',
  })
  reportsOnTime!: number;

  @Field(() => Int, {
    description:
      'Observation records due in the period whose due time has passed, or that are already final.',
  })
  reportsDue!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median minutes from a safeguarding flag being raised to its first acknowledgement, for flags raised in the period and acknowledged since. Null when none was.',
  })
  medianMinutesToAcknowledge!: number | null;

  @Field(() => Int, { description: 'Flags raised in the period that have been acknowledged.' })
  flagsAcknowledged!: number;

  @Field(() => Int, { description: 'Flags raised in the period that nobody has acknowledged yet.' })
  flagsUnacknowledged!: number;

  @Field(() => RoomUseType, { description: 'Room use of all the centre’s rooms together.' })
  allRooms!: RoomUseType;

  @Field(() => [RoomUseType], { description: 'Room use of each of the centre’s rooms, in name order.' })
  rooms!: RoomUseType[];
}

@ObjectType('CentreFigures', {
  description:
    'A centre’s figures, week by week and for the whole range (docs/figures.md). Aggregates only: no child is named.',
})
export class CentreFiguresType {
  @Field(() => ID, { description: 'The centre.' })
  centreId!: string;

  @Field(() => String, { description: 'The centre’s name.' })
  centreName!: string;

  @Field(() => Date, { description: 'When the figures were worked out.' })
  at!: Date;

  @Field(() => [FiguresPeriodType], {
    description: 'One period per London week, oldest first, the current week last.',
  })
  weeks!: FiguresPeriodType[];

  @Field(() => FiguresPeriodType, { description: 'The whole range: every week above together.' })
  total!: FiguresPeriodType;
}

@ObjectType('CentreFiguresChange', {
  description:
    'Something changed at the centre that its figures count (a session, its attendance, an observation record or a flag): read `centreFigures` again. Names no record.',
})
export class CentreFiguresChangeType {
  @Field(() => String, {
    description: 'Position of this change in the event log; pass it as `after` when you resubscribe.',
  })
  cursor!: string;

  @Field(() => String, { description: 'What kind of record changed: session, observation or flag.' })
  topic!: string;

  @Field(() => Date, { description: 'When the change was committed.' })
  occurredAt!: Date;
}
