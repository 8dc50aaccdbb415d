/**
 * Whether a proposed session time is acceptable (docs/domain.md rules 1 and 2).
 */
import {
  addDaysToDateKey,
  daysBetweenDateKeys,
  formatDateKey,
  formatLondonDateTime,
  formatLondonTime,
  fromLondonDateKey,
  londonDateKey,
  parseClock,
  weekdayOfDateKey,
  WEEKDAY_NAMES,
  type Weekday,
} from '../time/london.js';
import {
  DEFAULT_OPENING_HOURS,
  type OpeningHours,
  type WeeklyPattern,
  type WeeklySlot,
} from './opening-hours.js';
import { STAGGER_MINUTES } from './stagger.js';
import { durationMinutes, overlaps, widen, type TimeRange } from './time-range.js';

/** Why a proposed session time is refused. */
export type ScheduleViolationCode =
  | 'outside_opening_hours'
  | 'clashes_with_school'
  | 'clashes_with_parent_work'
  | 'end_before_start'
  | 'too_short'
  | 'too_long'
  | 'in_the_past'
  | 'spans_midnight';

/** Every {@link ScheduleViolationCode}. */
export const SCHEDULE_VIOLATION_CODES = [
  'outside_opening_hours',
  'clashes_with_school',
  'clashes_with_parent_work',
  'end_before_start',
  'too_short',
  'too_long',
  'in_the_past',
  'spans_midnight',
] as const satisfies readonly ScheduleViolationCode[];

/** One reason a time does not work, with a message for the person booking. */
export interface ScheduleViolation {
  code: ScheduleViolationCode;
  message: string;
}

/**
 * Shortest session Kinroom books by default, in minutes of the child's time. docs/domain.md sets no minimum;
 * half an hour is the least that gives a young child time to settle. The agreement's own length can be passed
 * as `minMinutes`.
 */
export const DEFAULT_MIN_SESSION_MINUTES = 30;

/**
 * Longest session Kinroom books by default, in minutes of the child's time. docs/domain.md sets no maximum;
 * four hours covers the longest supervised sessions commonly agreed. Override with `maxMinutes`.
 */
export const DEFAULT_MAX_SESSION_MINUTES = 240;

/** A proposed session and what it must fit around. */
export interface ScheduleCheckInput {
  /** The child's time in the session (see `stagger`). */
  session: TimeRange;
  now: Date;
  /** Defaults to {@link DEFAULT_OPENING_HOURS}. */
  openingHours?: OpeningHours;
  childSchool?: WeeklyPattern;
  parentWork?: WeeklyPattern;
  /** Defaults to {@link DEFAULT_MIN_SESSION_MINUTES}. */
  minMinutes?: number;
  /** Defaults to {@link DEFAULT_MAX_SESSION_MINUTES}. */
  maxMinutes?: number;
}

interface SlotOccurrence {
  slot: WeeklySlot;
  range: TimeRange;
}

/**
 * The concrete instants of a weekly pattern's slots that could touch `range`. Starting a day early catches
 * overnight slots that began the evening before.
 */
function occurrencesAround(range: TimeRange, pattern: WeeklyPattern): SlotOccurrence[] {
  const first = addDaysToDateKey(londonDateKey(range.start), -1);
  const last = londonDateKey(range.end);
  const found: SlotOccurrence[] = [];
  for (let key = first; daysBetweenDateKeys(key, last) >= 0; key = addDaysToDateKey(key, 1)) {
    const weekday = weekdayOfDateKey(key);
    for (const slot of pattern) {
      if (!Number.isInteger(slot.weekday) || slot.weekday < 0 || slot.weekday > 6) {
        throw new RangeError(`Weekly slot has an invalid weekday: ${slot.weekday}`);
      }
      if (slot.weekday !== weekday) continue;
      const startMinutes = parseClock(slot.start);
      const endMinutes = parseClock(slot.end);
      const start = fromLondonDateKey(key, slot.start);
      const end =
        endMinutes > startMinutes
          ? fromLondonDateKey(key, slot.end)
          : fromLondonDateKey(addDaysToDateKey(key, 1), slot.end);
      found.push({ slot, range: { start, end } });
    }
  }
  return found;
}

function describeSlot(slot: WeeklySlot): string {
  return `${WEEKDAY_NAMES[slot.weekday as Weekday]} ${slot.start}–${slot.end}`;
}

function clashes(range: TimeRange, pattern: WeeklyPattern | undefined): WeeklySlot[] {
  if (pattern === undefined) return [];
  const hits = occurrencesAround(range, pattern).filter((o) => overlaps(o.range, range));
  return [...new Set(hits.map((h) => h.slot))];
}

/**
 * Checks a proposed session time against the timing rules and returns every problem (empty means the time
 * works). All clock times are Europe/London (rule 1). The session's range is the child's time; the parent's
 * stay is that range widened by the stagger of rule 2.
 *
 * - `end_before_start`: the end is not after the start (no other check is made then).
 * - `in_the_past`: the child's time starts before `now`.
 * - `too_short` / `too_long`: the child's time is outside `minMinutes`–`maxMinutes`.
 * - `spans_midnight`: the parent's stay crosses London midnight; a session belongs to one day.
 * - `outside_opening_hours`: the parent's whole stay, arrival to departure, is not within the opening hours
 *   of the day they arrive, or the centre is closed that day.
 * - `clashes_with_school`: the child's time overlaps the child's school hours (rule 1: sessions fit the
 *   child's education). Only the child's own time is blocked: the child is not at the centre during the stagger.
 * - `clashes_with_parent_work`: the parent's whole stay overlaps their work pattern (rule 1: sessions fit
 *   the parent's work).
 *
 * Touching is not a clash (a session may start the minute school ends); travel time is for the person
 * booking to judge. Throws `RangeError` on malformed opening hours or patterns.
 */
export function checkSchedule(input: ScheduleCheckInput): ScheduleViolation[] {
  const { session, now } = input;
  const minutes = durationMinutes(session);
  if (!(minutes > 0)) {
    return [{ code: 'end_before_start', message: 'The session must end after it starts' }];
  }
  const violations: ScheduleViolation[] = [];
  const stay = widen(session, STAGGER_MINUTES, STAGGER_MINUTES);
  const stayText = `${formatLondonTime(stay.start)}–${formatLondonTime(stay.end)}`;

  if (session.start.getTime() < now.getTime()) {
    violations.push({
      code: 'in_the_past',
      message: `The session would start in the past (${formatLondonDateTime(session.start)})`,
    });
  }

  const min = input.minMinutes ?? DEFAULT_MIN_SESSION_MINUTES;
  const max = input.maxMinutes ?? DEFAULT_MAX_SESSION_MINUTES;
  if (minutes < min) {
    violations.push({
      code: 'too_short',
      message: `The session is ${minutes} minutes long; the shortest allowed is ${min} minutes`,
    });
  }
  if (minutes > max) {
    violations.push({
      code: 'too_long',
      message: `The session is ${minutes} minutes long; the longest allowed is ${max} minutes`,
    });
  }

  const arrivalDay = londonDateKey(stay.start);
  const departureDay = londonDateKey(new Date(stay.end.getTime() - 1));
  if (arrivalDay !== departureDay) {
    violations.push({
      code: 'spans_midnight',
      message: `The parent's stay (${stayText}) runs past midnight; a session must start and finish on the same day`,
    });
  }

  const hours = (input.openingHours ?? DEFAULT_OPENING_HOURS)[weekdayOfDateKey(arrivalDay)];
  if (hours === null) {
    violations.push({
      code: 'outside_opening_hours',
      message: `The centre is closed on ${formatDateKey(arrivalDay)}`,
    });
  } else {
    const open = fromLondonDateKey(arrivalDay, hours.open);
    const close = fromLondonDateKey(arrivalDay, hours.close);
    if (stay.start.getTime() < open.getTime() || stay.end.getTime() > close.getTime()) {
      violations.push({
        code: 'outside_opening_hours',
        message:
          `The parent's stay (${stayText}, arriving ${STAGGER_MINUTES} minutes before the child and leaving ` +
          `${STAGGER_MINUTES} minutes after) must fit within the centre's opening hours on ` +
          `${formatDateKey(arrivalDay)}: ${hours.open}–${hours.close}`,
      });
    }
  }

  const school = clashes(session, input.childSchool);
  if (school.length > 0) {
    violations.push({
      code: 'clashes_with_school',
      message: `The session clashes with the child's school hours (${school.map(describeSlot).join(', ')})`,
    });
  }

  const work = clashes(stay, input.parentWork);
  if (work.length > 0) {
    violations.push({
      code: 'clashes_with_parent_work',
      message: `The parent's stay (${stayText}) clashes with their work pattern (${work.map(describeSlot).join(', ')})`,
    });
  }

  return violations;
}
