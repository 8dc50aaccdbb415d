import {
  addDaysToDateKey,
  findFreeSlots,
  formatLondonDateTime,
  fromLondonDateKey,
  roomOccupancy,
  type BusySpan,
  type FreeSlot,
  type SessionKind,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import type { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import {
  BookingChecks,
  type BookedSession,
  type OccurrenceProblem,
  type ScheduleContext,
} from './booking-checks.js';

/** A weekly pattern to plan or book under an agreement. */
export interface SeriesRequest {
  agreementId: string;
  roomId: string;
  supervisorId: string;
  secondStaffId: string | null;
  kind: SessionKind;
  weekdays: readonly number[];
  startTime: string;
  /** The agreement's session length when null. */
  durationMinutes: number | null;
  firstDate: string;
  weeks: number | null;
  until: string | null;
}

/** A free time as offered, with its room and supervisor named. */
export interface OfferedSlot extends FreeSlot {
  roomName: string;
  supervisorName: string;
}

/** What a series is checked against, loaded once whatever its length. */
export interface SeriesParts {
  agreementId: string;
  childId: string;
  centreId: string;
  turnoverMinutes: number;
  context: ScheduleContext;
  rooms: Map<string, Room>;
  staffNames: Map<string, string>;
  busy: BusySpan<BookedSession>[];
}

/** A session of a series as it would be booked or moved. */
export interface Wanted {
  date: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string;
  supervisorId: string;
  secondStaffId: string | null;
  /** The stored session being moved, if any. */
  sessionId: string | null;
}

const DOUBLE_BOOKED = new Set([
  'SESSION_ROOM_DOUBLE_BOOKED',
  'SESSION_SUPERVISOR_DOUBLE_BOOKED',
  'SESSION_STAFF_DOUBLE_BOOKED',
]);

/** Days searched for another time for one session of a series: its own day and the rest of its week. */
const SUGGESTION_DAYS = 7;

/**
 * What every change to a series is checked with (docs/sessions.md, "Recurring sessions"): everything in its way loaded
 * once for its whole span, every reason each session cannot be booked, a suggestion for one that cannot, and the
 * explanation of a refusal the database made.
 */
/** A use case of recurring series (booking one, changing the rest of one): the operation's database, viewer and clock, and the series checks. */
export abstract class SeriesUseCase {
  protected readonly checks: SeriesChecks;

  constructor(
    protected readonly em: EntityManager,
    protected readonly viewer: Viewer,
    protected readonly now: Date,
  ) {
    this.checks = new SeriesChecks(em, viewer, now);
  }
}

export class SeriesChecks {
  readonly booking: BookingChecks;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    this.booking = new BookingChecks(em, viewer, now);
  }

  /** Everything the sessions of a request between its first and last day are checked against. */
  async loadParts(
    tx: EntityManager,
    req: SeriesRequest,
    movingIds: readonly string[],
    loaded?: Awaited<ReturnType<BookingChecks['loadBookingParts']>> & { staff: StaffUser[] },
  ): Promise<SeriesParts> {
    const { agreement, centre } =
      loaded ?? (await this.booking.loadBookingParts(tx, req.agreementId, req.roomId));
    const staff =
      loaded?.staff ??
      (await this.booking.checkStaff(tx, centre, agreement, req.supervisorId, req.secondStaffId));
    const context = await this.booking.scheduleContext(tx, centre, agreement);
    const rooms = await tx.find(Room, { centreId: centre.id, councilId: this.viewer.councilId });
    const from = fromLondonDateKey(addDaysToDateKey(req.firstDate, -1), '00:00');
    const to = fromLondonDateKey(addDaysToDateKey(req.until ?? req.firstDate, SUGGESTION_DAYS + 1), '00:00');
    const busy = await this.booking.busyBetween(tx, {
      centreId: centre.id,
      staffIds: staff.map((u) => u.id),
      childId: agreement.childId,
      from,
      to,
    });
    return {
      agreementId: agreement.id,
      childId: agreement.childId,
      centreId: centre.id,
      turnoverMinutes: centre.turnoverMinutes,
      context,
      rooms: new Map(rooms.filter((r) => r.condition !== 'out_of_service').map((r) => [r.id, r])),
      staffNames: new Map(staff.map((u) => [u.id, u.name])),
      busy: busy.filter((b) => !movingIds.includes(b.ref.id)),
    };
  }

  /** Every reason one session cannot be booked, against what is booked and the series' other sessions. */
  problemsOf(parts: SeriesParts, w: Wanted, others: readonly Wanted[]): OccurrenceProblem[] {
    const siblings: BusySpan<BookedSession>[] = others.map((o) => ({
      held: roomOccupancy({ start: o.startsAt, end: o.endsAt }, parts.turnoverMinutes),
      roomId: o.roomId,
      staffIds: [o.supervisorId, ...(o.secondStaffId ? [o.secondStaffId] : [])],
      childId: parts.childId,
      ref: {
        id: o.sessionId ?? '',
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        roomName: parts.rooms.get(o.roomId)?.name ?? 'another room',
        supervisorId: o.supervisorId,
      },
    }));
    return this.booking.occurrenceProblems(
      parts.context,
      [...parts.busy, ...siblings],
      {
        session: { start: w.startsAt, end: w.endsAt },
        roomId: w.roomId,
        supervisorId: w.supervisorId,
        secondStaffId: w.secondStaffId,
      },
      { childId: parts.childId, turnoverMinutes: parts.turnoverMinutes, staffNames: parts.staffNames },
    );
  }

  /** The sessions that cannot be booked, each with every reason. */
  failing(parts: SeriesParts, wanted: readonly Wanted[]) {
    return wanted
      .map((w, i) => ({ w, problems: this.problemsOf(parts, w, wanted.slice(0, i)) }))
      .filter((f) => f.problems.length > 0);
  }

  assertAllBookable(parts: SeriesParts, wanted: readonly Wanted[]): void {
    const failing = this.failing(parts, wanted);
    if (failing.length > 0) throw seriesConflict(failing, wanted.length);
  }

  /** The nearest free time for one session, in its own week, keeping the supervisor and preferring the room. */
  suggest(
    parts: SeriesParts,
    req: SeriesRequest,
    date: string,
    around: Date,
    durationMinutes: number,
    staff: readonly StaffUser[],
  ): OfferedSlot | null {
    const [slot] = findFreeSlots({
      days: Array.from({ length: SUGGESTION_DAYS }, (_, i) => addDaysToDateKey(date, i)),
      durationMinutes,
      now: this.now,
      schedule: parts.context,
      roomIds: [...parts.rooms.keys()],
      supervisorIds: [req.supervisorId],
      secondStaffId: req.secondStaffId,
      childId: parts.childId,
      busy: parts.busy,
      turnoverMinutes: parts.turnoverMinutes,
      prefer: { supervisorId: req.supervisorId, roomId: req.roomId },
      around,
      limit: 1,
    });
    return slot ? offered(slot, parts.rooms, staff) : null;
  }

  /**
   * A booking refused by the database's exclusion constraints (another manager booked the same room or person a
   * moment earlier) is explained like any other clash: each session that now fails, from a fresh read.
   */
  async explainRace(err: unknown, req: SeriesRequest, wanted: readonly Wanted[]): Promise<unknown> {
    const known = translateDatabaseError(err);
    if (!known || !DOUBLE_BOOKED.has(known.code) || wanted.length === 0) return err;
    const parts = await this.em.fork().transactional((tx) =>
      this.loadParts(
        tx,
        { ...req, firstDate: (wanted[0] as Wanted).date, until: (wanted[wanted.length - 1] as Wanted).date },
        wanted.flatMap((w) => (w.sessionId ? [w.sessionId] : [])),
      ),
    );
    const failing = this.failing(parts, wanted);
    return failing.length > 0 ? seriesConflict(failing, wanted.length) : known;
  }
}

/** A free time with its room and supervisor named. */
export function offered(
  slot: FreeSlot,
  rooms: ReadonlyMap<string, Room>,
  staff: readonly StaffUser[],
): OfferedSlot {
  return {
    ...slot,
    roomName: rooms.get(slot.roomId)?.name ?? '',
    supervisorName: staff.find((u) => u.id === slot.supervisorId)?.name ?? '',
  };
}

export function seriesConflict(
  failing: { w: Wanted; problems: OccurrenceProblem[] }[],
  total: number,
): KinroomError {
  const lines = failing.map(
    (f) => `${formatLondonDateTime(f.w.startsAt)}: ${f.problems.map((p) => p.message).join(' ')}`,
  );
  return new KinroomError(
    'SERIES_CONFLICT',
    `${failing.length} of the ${total} sessions cannot be booked, so none was: ${lines.join(' ')}`,
    {
      occurrences: failing.map((f) => ({
        date: f.w.date,
        startsAt: f.w.startsAt.toISOString(),
        ...(f.w.sessionId ? { sessionId: f.w.sessionId } : {}),
        problems: f.problems,
      })),
    },
  );
}
