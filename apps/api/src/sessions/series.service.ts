import { planRecurrence, validateRecurrence, type RecurrencePlan, type Weekday } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayBookAt } from '../access/index.js';
import { councilNation } from '../centres/council-nation.js';
import { badInput, notFound } from '../common/errors.js';
import { make } from '../db/make.js';
import type { OccurrenceProblem } from './booking-checks.js';
import {
  SeriesUseCase,
  type OfferedSlot,
  type SeriesParts,
  type SeriesRequest,
  type Wanted,
} from './series-checks.js';
import { SessionSeries } from './series.entity.js';
import { Session } from './session.entity.js';
import { recordSessionEvent } from './session-events.js';

export type { OfferedSlot, SeriesRequest };

/** One planned session the manager accepts, optionally at another time or in another room (a suggestion taken). */
export interface OccurrenceChoice {
  date: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
  roomId?: string | null;
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

/**
 * Planning and booking recurring sessions (docs/sessions.md, "Recurring sessions"): planned with every reason a
 * session cannot be booked and a suggestion for it, booked all or nothing in one transaction. Everything is loaded once
 * for the whole series, so the statements do not grow with its length.
 */
export class SeriesService extends SeriesUseCase {
  async plan(req: SeriesRequest): Promise<SeriesPlanResult> {
    return this.em.transactional(async (tx) => {
      const { parts, recurrence, durationMinutes, staff } = await this.prepare(tx, req);
      const occurrences = recurrence.occurrences.map((o): PlannedOccurrence => {
        const wanted = this.wantedOf(req, o.dateKey, o.start, o.end);
        const problems = this.checks.problemsOf(parts, wanted, []);
        const suggestion =
          problems.length === 0
            ? null
            : this.checks.suggest(parts, req, o.dateKey, o.start, durationMinutes, staff);
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
        this.checks.assertAllBookable(parts, wanted);
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
        const continuityNote = await this.checks.booking.continuityNote(
          tx,
          parts.agreementId,
          req.supervisorId,
        );
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
      throw await this.checks.explainRace(err, req, wanted);
    }
  }

  /** The agreement, room, staff and pattern of a request, checked, with everything a series is checked against. */
  private async prepare(tx: EntityManager, req: SeriesRequest) {
    const { agreement, room, centre } = await this.checks.booking.loadBookingParts(
      tx,
      req.agreementId,
      req.roomId,
    );
    assertMayBookAt(this.viewer, room.centreId);
    this.checks.booking.assertAgreementAllows(agreement, req.kind);
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
    const recurrence = planRecurrence(pattern, await councilNation(tx, this.viewer.councilId));
    const staff = await this.checks.booking.checkStaff(
      tx,
      centre,
      agreement,
      req.supervisorId,
      req.secondStaffId,
    );
    const parts = await this.checks.loadParts(tx, { ...req, until: recurrence.lastDate }, [], {
      agreement,
      room,
      centre,
      staff,
    });
    return { parts, recurrence, durationMinutes, staff };
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
}
