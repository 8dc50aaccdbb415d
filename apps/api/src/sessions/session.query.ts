import { fromLondonDateKey, addDaysToDateKey, parseDateKey, type SessionStatus } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import { OCCUPYING_STATUSES, Session } from './session.entity.js';

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The London day as a UTC range. A day that does not exist (30 February), or whose next day cannot be written in
 * four digits (31 December 9999), is refused like a malformed one.
 */
export function londonDay(dateKey: string): { start: Date; end: Date } {
  try {
    if (!DATE_KEY.test(dateKey)) throw new RangeError(dateKey);
    parseDateKey(dateKey);
    return {
      start: fromLondonDateKey(dateKey, '00:00'),
      end: fromLondonDateKey(addDaysToDateKey(dateKey, 1), '00:00'),
    };
  } catch {
    throw badInput('A date must be a real day written YYYY-MM-DD.', { field: 'date' });
  }
}

/** The most days one read of a centre's schedule covers: a week. */
const MAX_SCHEDULE_DAYS = 7;

/** No session runs longer than this; it bounds how far back a search for sessions running into a day must look. */
const LONGEST_SESSION_MS = 24 * 3_600_000;

/** The sessions that run on a day: those that start on it, and one that began the evening before and runs past midnight. */
function runningOn(day: { start: Date; end: Date }) {
  return {
    startsAt: { $gte: new Date(day.start.getTime() - LONGEST_SESSION_MS), $lt: day.end },
    endsAt: { $gt: day.start },
  };
}

/**
 * A session is part of its child's contact record (who, when, attendance, why it was cancelled), so every read of
 * one is written to the access log, once per child (docs/domain.md rule 11).
 */
export function logSessionReads(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  sessions: readonly Session[],
): Promise<void> {
  const children = [...new Set(sessions.map((s) => s.childId))];
  return logChildReads(
    em,
    viewer,
    operation,
    children.map((childId) => ({
      childId,
      fields: ['first_name', 'last_initial', 'sessions', 'attendance'],
      reason: 'sessions read',
    })),
  );
}

/** Lists of sessions, always bounded by a day and scoped to what the viewer may see; each read is logged. */
export class SessionQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  /**
   * A supervisor's sessions on a day. Today's list also holds any session whose family is already in the building,
   * whatever day it is booked for: a parent who arrived before midnight for a session just after it is the
   * supervisor's to receive now.
   */
  async forSupervisor(dateKey: string, today: string): Promise<Session[]> {
    const day = londonDay(dateKey);
    const onTheDay = runningOn(day);
    const sessions = await this.em.find(
      Session,
      {
        councilId: this.viewer.councilId,
        $and: [
          { $or: [{ supervisorId: this.viewer.userId }, { secondStaffId: this.viewer.userId }] },
          dateKey === today ? { $or: [onTheDay, { status: { $in: [...OCCUPYING_STATUSES] } }] } : onTheDay,
        ],
      },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
    await logSessionReads(this.em, this.viewer, this.operation, sessions);
    return sessions;
  }

  /** A centre's sessions running on `days` London days from `dateKey` (a week at most). */
  async forCentre(
    centreId: string,
    dateKey: string,
    filter: { roomId: string | null; supervisorId: string | null; statuses: SessionStatus[] | null },
    days = 1,
  ): Promise<Session[]> {
    assertCentre(this.viewer, centreId);
    if (!Number.isInteger(days) || days < 1 || days > MAX_SCHEDULE_DAYS)
      throw badInput(`Ask for between 1 and ${MAX_SCHEDULE_DAYS} days.`, { field: 'days' });
    const day = { start: londonDay(dateKey).start, end: londonDay(addDaysToDateKey(dateKey, days - 1)).end };
    const sessions = await this.em.find(
      Session,
      {
        councilId: this.viewer.councilId,
        centreId,
        ...runningOn(day),
        ...(filter.roomId ? { roomId: filter.roomId } : {}),
        ...(filter.supervisorId ? { supervisorId: filter.supervisorId } : {}),
        ...(filter.statuses && filter.statuses.length > 0 ? { status: { $in: filter.statuses } } : {}),
      },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
    await logSessionReads(this.em, this.viewer, this.operation, sessions);
    return sessions;
  }
}
