import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { BookingParts } from './session.entity.js';

/**
 * A weekly pattern of sessions booked in one go (docs/sessions.md, "Recurring sessions"). The room and staff are
 * those it was booked with; a session moved on its own keeps its place in the series.
 */
@Entity({ tableName: 'session_series' })
export class SessionSeries extends BookingParts {
  /** The pattern as iCalendar text (DTSTART and RRULE), in floating time: the London clock time is kept apart. */
  @Property({ type: t.text })
  rule!: string;

  @Property({ type: t.uuid })
  createdById!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
