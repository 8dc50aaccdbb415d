import {
  fromLondonDateKey,
  STAGGER_MINUTES,
  staffPairProblem,
  validateRecurrence,
  weekdayOfDateKey,
  type Weekday,
  type WeeklyRecurrence,
} from '@kinroom/domain';
import type { SeriesPatternInput } from '@kinroom/schema';
import { londonTime, longDate } from '../../shared/london-time';
import { clockToMinutes, minutesToClock } from './timeline-layout';

/**
 * The booking and moving forms as plain data: what a person typed (a day and London clock times) turned into what
 * the API takes (UTC instants), with the checks worth making before asking the server. The server has the last
 * word on everything else: clashes, opening hours, school and work.
 */

export interface TimesInput {
  date: string;
  start: string;
  end: string;
}

export interface Times {
  startsAt: string;
  endsAt: string;
}

/** The first problem with a day and two times, in words, or null. */
export function timesProblem(t: TimesInput): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.date)) return 'Choose the day.';
  if (!/^\d{2}:\d{2}$/.test(t.start)) return 'Give the time the child’s session starts.';
  if (!/^\d{2}:\d{2}$/.test(t.end)) return 'Give the time the child’s session ends.';
  if (clockToMinutes(t.end) <= clockToMinutes(t.start)) return 'The session must end after it starts.';
  return null;
}

export function toTimes(t: TimesInput): Times {
  return {
    startsAt: fromLondonDateKey(t.date, t.start).toISOString(),
    endsAt: fromLondonDateKey(t.date, t.end).toISOString(),
  };
}

/** Adds minutes to an HH:MM clock reading, staying within the day (23:59 at most). */
export function addToClock(clock: string, minutes: number): string {
  return minutesToClock(Math.min(23 * 60 + 59, Math.max(0, clockToMinutes(clock) + minutes)));
}

/** When the family arrives and leaves around the child's time (docs/domain.md rule 2, the domain's stagger). */
export function familyStay(t: Pick<TimesInput, 'start' | 'end'>): { arriveBy: string; leaveFrom: string } {
  return { arriveBy: addToClock(t.start, -STAGGER_MINUTES), leaveFrom: addToClock(t.end, STAGGER_MINUTES) };
}

/** The end time for a session of the agreement's usual length. */
export function defaultEnd(start: string, sessionMinutes: number): string {
  return addToClock(start, sessionMinutes);
}

/** A sensible start for a new booking: the next quarter-hour at least 30 minutes from now, within the day. */
export function nextFreeStart(nowMinute: number, windowStart: number, windowEnd: number): string {
  const soonest = Math.ceil((nowMinute + 30) / 15) * 15;
  const start = Math.max(windowStart + 15, soonest);
  return minutesToClock(Math.min(start, Math.max(windowStart, windowEnd - 75)));
}

export interface BookingDraft {
  childId: string;
  agreementId: string;
  kind: 'CONTACT' | 'PRE_CONTACT_VISIT' | 'PLANNING_MEETING';
  roomId: string;
  supervisorId: string;
  secondStaffId: string;
  date: string;
  start: string;
  end: string;
}

/** The first thing missing from who and where a booking is for, in words, or null. */
export function peopleProblem(
  d: Pick<BookingDraft, 'childId' | 'agreementId' | 'roomId' | 'supervisorId' | 'secondStaffId'>,
  needsSecondStaff: boolean,
): string | null {
  if (!d.childId) return 'Choose the family.';
  if (!d.agreementId) return 'This family has no agreement that a session can be booked under.';
  if (!d.roomId) return 'Choose a room.';
  if (!d.supervisorId) return 'Choose a supervisor.';
  if (needsSecondStaff && !d.secondStaffId)
    return 'This agreement is at high vigilance: choose a second member of staff.';
  return staffPairProblem(d.supervisorId, d.secondStaffId || null);
}

/** The first thing missing from a booking, in words, or null when it can be sent. */
export function bookingProblem(d: BookingDraft, needsSecondStaff: boolean): string | null {
  return peopleProblem(d, needsSecondStaff) ?? timesProblem(d);
}

/** A weekly series as the form holds it: the days, the London start time, the length and how many weeks. */
export interface SeriesDraft {
  weekdays: Weekday[];
  start: string;
  durationMinutes: number;
  firstDate: string;
  weeks: number;
}

/** The series as the domain plans it (`planRecurrence`: bank holidays skipped, London clock time kept). */
export function seriesRecurrence(s: SeriesDraft): WeeklyRecurrence {
  return {
    weekdays: [...s.weekdays].sort(),
    startClock: s.start,
    durationMinutes: s.durationMinutes,
    firstDate: s.firstDate,
    weeks: s.weeks,
  };
}

/** The first problem with a series' pattern, in the domain's words, or null when it can be planned. */
export function seriesProblem(s: SeriesDraft): string | null {
  if (!/^\d{2}:\d{2}$/.test(s.start)) return 'Give the time the child’s sessions start.';
  return validateRecurrence(seriesRecurrence(s))[0] ?? null;
}

/** Monday first, as a British week is read; the domain numbers Sunday 0. */
export const WEEK_ORDER: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];

interface ClashLike {
  graphQLErrors?: readonly { extensions?: Record<string, unknown> }[];
}

/**
 * A clash names the session it collides with by id (`clashingSessionId`); when that session is on the timeline,
 * say who, where and when in UK time, so the manager can decide which one to move.
 */
export function clashNote(
  err: unknown,
  sessions: readonly {
    id: string;
    startsAt: string;
    endsAt: string;
    child: { firstName: string; lastInitial: string };
    room: { name: string };
    supervisor: { name: string };
  }[],
): string | null {
  const id = (err as ClashLike | null)?.graphQLErrors?.[0]?.extensions?.clashingSessionId;
  if (typeof id !== 'string') return null;
  const s = sessions.find((x) => x.id === id);
  if (!s) return null;
  return (
    `That is ${s.child.firstName} ${s.child.lastInitial}.’s session in ${s.room.name}, ` +
    `${londonTime(s.startsAt)}–${londonTime(s.endsAt)}, with ${s.supervisor.name}.`
  );
}

/** One session of a planned series, as `planSeries` lists it. */
export interface PlannedSession {
  date: string;
  startsAt: string;
  endsAt: string;
  bookable: boolean;
  suggestion: { startsAt: string; endsAt: string; roomId: string } | null;
}

/** What the manager decided for a session that cannot be booked as planned: the suggested time, or none. */
export type SessionDecision = 'suggestion' | 'leave-out';

/**
 * The sessions to book: each one that can be booked as planned, each suggestion taken at its time and room, none
 * left out. A session that cannot be booked and has no decision is booked as planned, so the API refuses it and
 * says why.
 */
export function seriesChoices(
  planned: readonly PlannedSession[],
  decisions: Readonly<Record<string, SessionDecision>>,
): { date: string; startsAt?: string; endsAt?: string; roomId?: string }[] {
  return planned.flatMap((p) => {
    const decision = p.bookable ? undefined : decisions[p.date];
    if (decision === 'leave-out') return [];
    if (decision === 'suggestion' && p.suggestion) {
      const { startsAt, endsAt, roomId } = p.suggestion;
      return [{ date: p.date, startsAt, endsAt, roomId }];
    }
    return [{ date: p.date }];
  });
}

/** The first thing to settle before a planned series can be booked, in words, or null. */
export function planProblem(
  planned: readonly PlannedSession[],
  decisions: Readonly<Record<string, SessionDecision>>,
): string | null {
  const open = planned.filter((p) => !p.bookable && !decisions[p.date]);
  if (open.length > 0) {
    const first = longDate(open[0]!.date);
    return open.length === 1
      ? `The session on ${first} cannot be booked as planned: take the suggested time or leave it out.`
      : `${open.length} sessions cannot be booked as planned (the first on ${first}): take a suggested time or leave each out.`;
  }
  if (seriesChoices(planned, decisions).length === 0)
    return 'Every session is left out: there is nothing to book.';
  return null;
}

/** One session of a refused series and why, from `SERIES_CONFLICT`'s `occurrences`. */
export interface RefusedSession {
  date: string;
  startsAt: string;
  reasons: string[];
}

/** The sessions a refused series could not book, or null when the refusal is not `SERIES_CONFLICT`. */
export function seriesConflict(err: unknown): RefusedSession[] | null {
  const ext = (err as ClashLike | null)?.graphQLErrors?.[0]?.extensions;
  if (ext?.code !== 'SERIES_CONFLICT' || !Array.isArray(ext.occurrences)) return null;
  return (ext.occurrences as { date: string; startsAt: string; problems?: { message: string }[] }[]).map(
    (o) => ({ date: o.date, startsAt: o.startsAt, reasons: (o.problems ?? []).map((p) => p.message) }),
  );
}

/** What `planSeries` and `bookSeries` take, from who and where (the draft) and the weekly pattern. */
export function seriesPattern(d: BookingDraft, s: SeriesDraft): SeriesPatternInput {
  const r = seriesRecurrence(s);
  return {
    agreementId: d.agreementId,
    kind: d.kind,
    roomId: d.roomId,
    supervisorId: d.supervisorId,
    secondStaffId: d.secondStaffId || null,
    weekdays: [...r.weekdays],
    startTime: r.startClock,
    durationMinutes: r.durationMinutes,
    firstDate: r.firstDate,
    weeks: r.weeks ?? null,
  };
}

/** What moving the rest of a series changes: only what differs from the session it is moved from (null: kept). */
export interface SeriesMove {
  startTime: string | null;
  durationMinutes: number | null;
  roomId: string | null;
  supervisorId: string | null;
}

/**
 * The parts of a session the form changes, for `moveSeriesFrom`: each later session keeps its own day, and keeps
 * whatever was not changed here (a session already moved on its own keeps its own time).
 */
export function seriesMove(
  was: { start: string; end: string; roomId: string; supervisorId: string },
  now: { start: string; end: string; roomId: string; supervisorId: string },
): SeriesMove {
  const minutes = (t: { start: string; end: string }) => clockToMinutes(t.end) - clockToMinutes(t.start);
  return {
    startTime: now.start !== was.start ? now.start : null,
    durationMinutes: minutes(now) !== minutes(was) ? minutes(now) : null,
    roomId: now.roomId !== was.roomId ? now.roomId : null,
    supervisorId: now.supervisorId !== was.supervisorId ? now.supervisorId : null,
  };
}

/** One session as a series of one week, so that the rules are shown before Book for it as for a series. */
export function singleSeries(t: TimesInput): SeriesDraft {
  return {
    weekdays: [weekdayOfDateKey(t.date)],
    start: t.start,
    durationMinutes: clockToMinutes(t.end) - clockToMinutes(t.start),
    firstDate: t.date,
    weeks: 1,
  };
}
