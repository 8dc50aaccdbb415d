import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import type { SessionKind } from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';

/**
 * A weekly pattern of sessions booked in one go (docs/sessions.md, "Recurring sessions"). The room and staff are
 * those it was booked with; a session moved on its own keeps its place in the series.
 */
@Entity({ tableName: 'session_series' })
export class SessionSeries extends CouncilOwned {
  @Property({ type: t.uuid })
  agreementId!: string;

  @Property({ type: t.uuid })
  centreId!: string;

  @Property({ type: t.uuid })
  roomId!: string;

  @Property({ type: t.uuid })
  supervisorId!: string;

  @Property({ type: t.uuid, nullable: true })
  secondStaffId: string | null = null;

  @Property({ type: t.text })
  kind!: SessionKind;

  /** The pattern as iCalendar text (DTSTART and RRULE), in floating time: the London clock time is kept apart. */
  @Property({ type: t.text })
  rule!: string;

  @Property({ type: t.uuid })
  createdById!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
