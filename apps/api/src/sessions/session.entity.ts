import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import {
  occupiesRoom,
  SESSION_STATUSES,
  type AttendanceOutcome,
  type CancellationReason,
  type FamilyInformedMethod,
  type SessionKind,
  type SessionStatus,
} from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';

/** The statuses in which a family is in the building and the session holds its room, whatever day it is booked for. */
export const OCCUPYING_STATUSES: readonly SessionStatus[] = SESSION_STATUSES.filter(occupiesRoom);

/** What a booking is made of, stored alike on a session and on a recurring series: under which agreement, where, with whom, for what. */
export abstract class BookingParts extends CouncilOwned {
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
}

@Entity({ tableName: 'session' })
export class Session extends BookingParts {
  @Property({ type: t.uuid })
  childId!: string;

  /** The recurring series it was booked in, if any (docs/sessions.md, "Recurring sessions"). */
  @Property({ type: t.uuid, nullable: true })
  seriesId: string | null = null;

  /** The child's time in the room; the parent's staggered arrival and departure sit around it. */
  @Property({ type: t.datetime })
  startsAt!: Date;

  @Property({ type: t.datetime })
  endsAt!: Date;

  @Property({ type: t.integer })
  turnoverMinutes!: number;

  // held_from / held_until are computed by the database from the times above and the turnover gap (they are what
  // the exclusion constraints guard); they are deliberately not mapped, so that no client value is ever sent.

  @Property({ type: t.text })
  status: SessionStatus = 'scheduled';

  @Property({ type: t.datetime, nullable: true })
  parentArrivedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  childArrivedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  startedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  endedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: t.uuid, nullable: true })
  cancelledById: string | null = null;

  @Property({ type: t.text, nullable: true })
  cancellationReason: CancellationReason | null = null;

  @Property({ type: t.text, nullable: true })
  cancellationNote: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  familyInformedAt: Date | null = null;

  /** How the family was told of the cancellation; null when not told yet, or told before the way was asked. */
  @Property({ type: t.text, nullable: true })
  familyInformedVia: FamilyInformedMethod | null = null;

  /** Set when someone other than the family's usual supervisor is assigned (docs/domain.md rule 4). */
  @Property({ type: t.text, nullable: true })
  continuityNote: string | null = null;

  @Property({ type: t.integer, version: true })
  version!: number;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();

  @Property({ type: t.datetime, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@Entity({ tableName: 'attendance' })
export class Attendance extends CouncilOwned {
  @Property({ type: t.uuid })
  sessionId!: string;

  @Property({ type: t.text })
  outcome!: AttendanceOutcome;

  @Property({ type: t.integer, nullable: true })
  minutesLate: number | null = null;

  @Property({ type: t.uuid, nullable: true })
  recordedById: string | null = null;

  @Property({ type: t.datetime })
  recordedAt: Date = new Date();

  @Property({ type: t.text, nullable: true })
  note: string | null = null;
}

/**
 * A parent's notice that they cannot attend (docs/domain.md rule 7). It explains the absence only when both its times
 * are before the start: `receivedAt` is what the person recording it says, `recordedAt` the server's clock.
 * Never rewritten (the database refuses updates).
 */
@Entity({ tableName: 'absence_notice' })
export class AbsenceNotice extends CouncilOwned {
  @Property({ type: t.uuid })
  sessionId!: string;

  @Property({ type: t.datetime })
  receivedAt!: Date;

  @Property({ type: t.datetime })
  recordedAt!: Date;

  /** The member of staff who took the notice and recorded it. */
  @Property({ type: t.uuid })
  receivedById!: string;

  @Property({ type: t.text })
  givenBy!: string;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}

/**
 * A centre manager's reasoned change of a recorded absence (docs/domain.md rule 7): kept beside the attendance, which it
 * updates, with who, when, why, and from what to what. Never rewritten.
 */
@Entity({ tableName: 'attendance_correction' })
export class AttendanceCorrection extends CouncilOwned {
  @Property({ type: t.uuid })
  sessionId!: string;

  @Property({ type: t.text })
  fromOutcome!: AttendanceOutcome;

  @Property({ type: t.text })
  toOutcome!: AttendanceOutcome;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.uuid })
  correctedById!: string;

  @Property({ type: t.datetime })
  correctedAt!: Date;
}
