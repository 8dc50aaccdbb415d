import { fromLondonDateKey, londonDateKey, sessionLengthProblem, startClockProblem } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayChangeSeries, assertMayMoveSession } from '../access/index.js';
import { badInput, notFound } from '../common/errors.js';
import { SeriesUseCase, type SeriesRequest, type Wanted } from './series-checks.js';
import { SessionSeries } from './series.entity.js';
import { Session } from './session.entity.js';
import { recordSessionEvent } from './session-events.js';
import type { CentreCancellationInput } from './session.inputs.js';
import { SessionService } from './session.service.js';

/**
 * Changing the rest of a recurring series at once, from one of its sessions onwards (docs/sessions.md, "Changing a
 * series"). One session alone is changed as any session is.
 */
export class SeriesChangeService extends SeriesUseCase {
  /** Cancels the series' sessions still booked from one of them onwards, each as `cancelSession` would. */
  async cancelFrom(
    seriesId: string,
    fromSessionId: string,
    cancellation: CentreCancellationInput,
  ): Promise<Session[]> {
    const sessionService = new SessionService(this.em, this.viewer, this.now);
    const fields = sessionService.cancellationFields(cancellation);
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
        const parts = await this.checks.loadParts(
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
        this.checks.assertAllBookable(parts, wanted);
        const continuityNote = change.supervisorId
          ? await this.checks.booking.continuityNote(tx, series.agreementId, change.supervisorId)
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
      throw req ? await this.checks.explainRace(err, req, wanted) : err;
    }
  }

  /** The series (of the manager's centre) and its sessions still booked from the given one onwards, locked. */
  private async restOfSeries(tx: EntityManager, seriesId: string, fromSessionId: string) {
    const series = await tx.findOne(SessionSeries, { id: seriesId, councilId: this.viewer.councilId });
    assertMayChangeSeries(this.viewer, series);
    const from = await tx.findOne(Session, {
      id: fromSessionId,
      seriesId: series.id,
      councilId: this.viewer.councilId,
    });
    if (!from) throw notFound('session in that series');
    const rest = await tx.find(
      Session,
      { seriesId: series.id, status: 'scheduled', startsAt: { $gte: from.startsAt } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    return { series, rest };
  }
}
