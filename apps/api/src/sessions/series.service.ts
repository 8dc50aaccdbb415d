import {
  addDaysToDateKey,
  findFreeSlots,
  formatLondonDateTime,
  fromLondonDateKey,
  londonDateKey,
  planRecurrence,
  roomOccupancy,
  sessionLengthProblem,
  startClockProblem,
  validateRecurrence,
  type BusySpan,
  type FreeSlot,
  type RecurrencePlan,
  type SessionKind,
  type Weekday,
} from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayBookAt, assertMayChangeSeries, assertMayMoveSession } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { make } from '../db/make.js';
import type { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import {
  BookingChecks,
  type BookedSession,
  type OccurrenceProblem,
  type ScheduleContext,
} from './booking-checks.js';
import { SessionSeries } from './series.entity.js';
import { Session } from './session.entity.js';
import { recordSessionEvent } from './session-events.js';
import { SessionService, type CancellationFields } from './session.service.js';

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

/** One planned session the manager accepts, optionally at another time or in another room (a suggestion taken). */
export interface OccurrenceChoice {
  date: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
  roomId?: string | null;
}

/** A free time as offered, with its room and supervisor named. */
export interface OfferedSlot extends FreeSlot {
  roomName: string;
  supervisorName: string;
}

/** One session of a plan: when, where, and whether it can be booked (if not, every reason and a suggestion). */
export interface PlannedOccurrence {
  date: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string;
  problems: OccurrenceProblem[];
  suggestion: OfferedSlot | null;
}

export interface SeriesPlanResult {
  childId: string;
  rule: string;
  durationMinutes: number;
  occurrences: PlannedOccurrence[];
  skipped: RecurrencePlan['skipped'];
}

/** What a series is checked against, loaded once whatever its length. */
interface SeriesParts {
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
interface Wanted {
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
 * Recurring sessions (docs/sessions.md, "Recurring sessions"): planned with every reason a session cannot be booked
 * and a suggestion for it, booked all or nothing in one transaction, and moved or cancelled from one session onwards.
 * Each check loads what it needs once for the whole series, so the statements do not grow with its length.
 */
export class SeriesService {
  private readonly checks: BookingChecks;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    this.checks = new BookingChecks(em, viewer, now);
  }

  async plan(req: SeriesRequest): Promise<SeriesPlanResult> {
    return this.em.transactional(async (tx) => {
      const { parts, recurrence, durationMinutes, staff } = await this.prepare(tx, req);
      const occurrences = recurrence.occurrences.map((o): PlannedOccurrence => {
        const wanted = this.wantedOf(req, o.dateKey, o.start, o.end);
        const problems = this.problemsOf(parts, wanted, []);
        const suggestion =
          problems.length === 0 ? null : this.suggest(parts, req, o.dateKey, o.start, durationMinutes, staff);
        return { ...wanted, problems, suggestion };
      });
      return {
        childId: parts.childId,
        rule: recurrence.rule,
        durationMinutes,
        occurrences,
        skipped: recurrence.skipped,
      };
    });
  }

  /**
   * Books the accepted sessions of a series in one transaction: every one re-checked against every rule, with the
   * same supervisor; if any fails, none is booked and SERIES_CONFLICT lists each failing session.
   */
  async book(req: SeriesRequest, choices: readonly OccurrenceChoice[] | null) {
    let wanted: Wanted[] = [];
    try {
      return await this.em.transactional(async (tx) => {
        const { parts, recurrence } = await this.prepare(tx, req);
        wanted = this.accepted(req, recurrence, choices, parts);
        if (wanted.length === 0) throw badInput('Choose at least one session of the series to book.');
        this.assertAllBookable(parts, wanted);
        const series = make(SessionSeries, {
          councilId: this.viewer.councilId,
          agreementId: parts.agreementId,
          centreId: parts.centreId,
          roomId: req.roomId,
          supervisorId: req.supervisorId,
          secondStaffId: req.secondStaffId,
          kind: req.kind,
          rule: recurrence.rule,
          createdById: this.viewer.userId,
          createdAt: this.now,
        });
        tx.persist(series);
        const continuityNote = await this.checks.continuityNote(tx, parts.agreementId, req.supervisorId);
        const sessions = wanted.map((w) =>
          make(Session, {
            councilId: this.viewer.councilId,
            centreId: parts.centreId,
            roomId: w.roomId,
            supervisorId: w.supervisorId,
            secondStaffId: w.secondStaffId,
            agreementId: parts.agreementId,
            childId: parts.childId,
            kind: req.kind,
            seriesId: series.id,
            startsAt: w.startsAt,
            endsAt: w.endsAt,
            turnoverMinutes: parts.turnoverMinutes,
            continuityNote,
          }),
        );
        for (const s of sessions) {
          tx.persist(s);
          recordSessionEvent(tx, s, 'booked');
        }
        await tx.flush();
        return { series, sessions: sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) };
      });
    } catch (err) {
      throw await this.explainRace(err, req, wanted);
    }
  }

  /** Cancels the series' sessions still booked from one of them onwards, each as `cancelSession` would. */
  async cancelFrom(seriesId: string, fromSessionId: string, fields: CancellationFields): Promise<Session[]> {
    const sessionService = new SessionService(this.em, this.viewer, this.now);
    return this.em.transactional(async (tx) => {
      const { rest } = await this.restOfSeries(tx, seriesId, fromSessionId);
      for (const s of rest) sessionService.cancelLoaded(tx, s, fields);
      await tx.flush();
      return rest;
    });
  }

  /**
   * Moves the series' sessions still booked from one of them onwards: to another London start time (each on its own
   * day), length, room or supervisor. All are re-checked; if any fails, none moves.
   */
  async moveFrom(
    seriesId: string,
    fromSessionId: string,
    change: {
      startTime: string | null;
      durationMinutes: number | null;
      roomId: string | null;
      supervisorId: string | null;
    },
  ): Promise<Session[]> {
    assertMayMoveSession(this.viewer);
    const problem =
      (change.startTime !== null ? startClockProblem(change.startTime) : null) ??
      (change.durationMinutes !== null ? sessionLengthProblem(change.durationMinutes) : null);
    if (problem) throw badInput(problem);
    let wanted: Wanted[] = [];
    let replan: SeriesRequest | null = null;
    try {
      return await this.em.transactional(async (tx) => {
        const { series, rest } = await this.restOfSeries(tx, seriesId, fromSessionId);
        if (rest.length === 0) return [];
        const first = rest[0] as Session;
        const supervisorId = change.supervisorId ?? series.supervisorId;
        replan = {
          agreementId: series.agreementId,
          roomId: change.roomId ?? series.roomId,
          supervisorId,
          secondStaffId: series.secondStaffId,
          kind: series.kind,
          weekdays: [],
          startTime: '00:00',
          durationMinutes: null,
          firstDate: londonDateKey(first.startsAt),
          weeks: null,
          until: londonDateKey((rest[rest.length - 1] as Session).startsAt),
        };
        const parts = await this.loadParts(
          tx,
          replan,
          rest.map((s) => s.id),
        );
        wanted = rest.map((s) => {
          const date = londonDateKey(s.startsAt);
          const startsAt = change.startTime ? fromLondonDateKey(date, change.startTime) : s.startsAt;
          const minutes = change.durationMinutes ?? (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
          return {
            date,
            startsAt,
            endsAt: new Date(startsAt.getTime() + minutes * 60_000),
            roomId: change.roomId ?? s.roomId,
            supervisorId: change.supervisorId ?? s.supervisorId,
            secondStaffId: s.secondStaffId,
            sessionId: s.id,
          };
        });
        this.assertAllBookable(parts, wanted);
        const continuityNote = change.supervisorId
          ? await this.checks.continuityNote(tx, series.agreementId, change.supervisorId)
          : null;
        rest.forEach((s, i) => {
          const w = wanted[i] as Wanted;
          if (change.supervisorId && change.supervisorId !== s.supervisorId)
            s.continuityNote = continuityNote;
          Object.assign(s, {
            roomId: w.roomId,
            supervisorId: w.supervisorId,
            startsAt: w.startsAt,
            endsAt: w.endsAt,
          });
          recordSessionEvent(tx, s, 'rescheduled');
        });
        await tx.flush();
        return rest;
      });
    } catch (err) {
      const req = replan as SeriesRequest | null;
      throw req ? await this.explainRace(err, req, wanted) : err;
    }
  }

  /** The series (of the manager's centre) and its sessions still booked from the given one onwards, locked. */
  private async restOfSeries(tx: EntityManager, seriesId: string, fromSessionId: string) {
    const series = isUuid(seriesId)
      ? await tx.findOne(SessionSeries, { id: seriesId, councilId: this.viewer.councilId })
      : null;
    assertMayChangeSeries(this.viewer, series);
    const from = isUuid(fromSessionId)
      ? await tx.findOne(Session, {
          id: fromSessionId,
          seriesId: series.id,
          councilId: this.viewer.councilId,
        })
      : null;
    if (!from) throw notFound('session in that series');
    const rest = await tx.find(
      Session,
      { seriesId: series.id, status: 'scheduled', startsAt: { $gte: from.startsAt } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    return { series, rest };
  }

  /** The agreement, room, staff and pattern of a request, checked, with everything a series is checked against. */
  private async prepare(tx: EntityManager, req: SeriesRequest) {
    const { agreement, room, centre } = await this.checks.loadBookingParts(tx, req.agreementId, req.roomId);
    assertMayBookAt(this.viewer, room.centreId);
    this.checks.assertAgreementAllows(agreement, req.kind);
    const durationMinutes = req.durationMinutes ?? agreement.sessionMinutes;
    const pattern = {
      weekdays: req.weekdays as Weekday[],
      startClock: req.startTime,
      durationMinutes,
      firstDate: req.firstDate,
      ...(req.weeks !== null ? { weeks: req.weeks } : {}),
      ...(req.until !== null ? { until: req.until } : {}),
    };
    const problems = validateRecurrence(pattern);
    if (problems.length > 0) throw badInput(problems.join(' '));
    const recurrence = planRecurrence(pattern);
    const staff = await this.checks.checkStaff(tx, centre, agreement, req.supervisorId, req.secondStaffId);
    const parts = await this.loadParts(tx, { ...req, until: recurrence.lastDate }, [], {
      agreement,
      room,
      centre,
      staff,
    });
    return { parts, recurrence, durationMinutes, staff };
  }

  private async loadParts(
    tx: EntityManager,
    req: SeriesRequest,
    movingIds: readonly string[],
    loaded?: Awaited<ReturnType<BookingChecks['loadBookingParts']>> & { staff: StaffUser[] },
  ): Promise<SeriesParts> {
    const { agreement, centre } =
      loaded ?? (await this.checks.loadBookingParts(tx, req.agreementId, req.roomId));
    const staff =
      loaded?.staff ??
      (await this.checks.checkStaff(tx, centre, agreement, req.supervisorId, req.secondStaffId));
    const context = await this.checks.scheduleContext(tx, centre, agreement);
    const rooms = await tx.find(Room, { centreId: centre.id, councilId: this.viewer.councilId });
    const from = fromLondonDateKey(addDaysToDateKey(req.firstDate, -1), '00:00');
    const to = fromLondonDateKey(addDaysToDateKey(req.until ?? req.firstDate, SUGGESTION_DAYS + 1), '00:00');
    const busy = await this.checks.busyBetween(tx, {
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

  private wantedOf(req: SeriesRequest, date: string, startsAt: Date, endsAt: Date): Wanted {
    return {
      date,
      startsAt,
      endsAt,
      roomId: req.roomId,
      supervisorId: req.supervisorId,
      secondStaffId: req.secondStaffId,
      sessionId: null,
    };
  }

  /** The planned sessions the manager accepted, with any adjusted time or room. */
  private accepted(
    req: SeriesRequest,
    recurrence: RecurrencePlan,
    choices: readonly OccurrenceChoice[] | null,
    parts: SeriesParts,
  ): Wanted[] {
    const planned = new Map(recurrence.occurrences.map((o) => [o.dateKey, o]));
    if (choices === null)
      return recurrence.occurrences.map((o) => this.wantedOf(req, o.dateKey, o.start, o.end));
    const unknown = choices.filter((c) => !planned.has(c.date)).map((c) => c.date);
    if (unknown.length > 0) {
      throw badInput(`These days are not sessions of the series: ${unknown.join(', ')}.`, { dates: unknown });
    }
    if (new Set(choices.map((c) => c.date)).size !== choices.length)
      throw badInput('Each day of the series can be chosen once.');
    return choices.map((c) => {
      const o = planned.get(c.date) as RecurrencePlan['occurrences'][number];
      const startsAt = c.startsAt ?? o.start;
      const endsAt = c.endsAt ?? new Date(startsAt.getTime() + (o.end.getTime() - o.start.getTime()));
      const roomId = c.roomId ?? req.roomId;
      if (!parts.rooms.has(roomId)) throw notFound('room in service at this centre');
      return { ...this.wantedOf(req, c.date, startsAt, endsAt), roomId };
    });
  }

  /** Every reason one session cannot be booked, against what is booked and the series' other sessions. */
  private problemsOf(parts: SeriesParts, w: Wanted, others: readonly Wanted[]): OccurrenceProblem[] {
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
    return this.checks.occurrenceProblems(
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
  private failing(parts: SeriesParts, wanted: readonly Wanted[]) {
    return wanted
      .map((w, i) => ({ w, problems: this.problemsOf(parts, w, wanted.slice(0, i)) }))
      .filter((f) => f.problems.length > 0);
  }

  private assertAllBookable(parts: SeriesParts, wanted: readonly Wanted[]): void {
    const failing = this.failing(parts, wanted);
    if (failing.length > 0) throw seriesConflict(failing, wanted.length);
  }

  /** The nearest free time for one session, in its own week, keeping the supervisor and preferring the room. */
  private suggest(
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
  private async explainRace(err: unknown, req: SeriesRequest, wanted: readonly Wanted[]): Promise<unknown> {
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

function seriesConflict(
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
