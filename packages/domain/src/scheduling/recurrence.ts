/**
 * Recurring sessions: a weekly pattern ("Tuesdays and Thursdays, 16:00 for 90 minutes, for 12 weeks") turned into
 * the sessions it asks for (docs/sessions.md, "Recurring sessions"). Bank holidays are skipped, and said to be.
 */
import rrule from 'rrule';
import { isBankHoliday, type BankHolidayNation } from '../time/bank-holidays.js';
import {
  addDaysToDateKey,
  daysBetweenDateKeys,
  formatDateKey,
  fromLondonDateKey,
  parseClock,
  parseDateKey,
  toDateKey,
  utcMillis,
  type Weekday,
} from '../time/london.js';
import type { TimeRange } from './time-range.js';

// rrule is a CommonJS package: its classes hang off its default export (the dashboard's bundler is pointed at the
// same CommonJS build, see apps/dashboard/vite.config.ts).
const { RRule } = rrule;

/** The longest series planned at once, in weeks: a year, the longest an agreement runs between reviews. */
export const MAX_SERIES_WEEKS = 52;

/** A weekly pattern of sessions, in London time. */
export interface WeeklyRecurrence {
  /** The days of the week the sessions fall on (0 is Sunday), at least one. */
  weekdays: readonly Weekday[];
  /** The London clock time the child's time starts, `HH:MM`. */
  startClock: string;
  /** Minutes of the child's time in each session. */
  durationMinutes: number;
  /** The first day of the series, `YYYY-MM-DD`; the pattern's days on or after it count. */
  firstDate: string;
  /** How many weeks the series runs, counted from `firstDate` (each week is seven days from it). */
  weeks?: number;
  /** Or the last day of the series, `YYYY-MM-DD`, inclusive. Exactly one of `weeks` and `until` is given. */
  until?: string;
}

/** One session the pattern asks for. */
export interface RecurrenceOccurrence extends TimeRange {
  /** The London day, `YYYY-MM-DD`. */
  dateKey: string;
}

/** A day the pattern falls on that has no session, and why. */
export interface SkippedOccurrence {
  dateKey: string;
  reason: 'bank_holiday';
  message: string;
}

/** The sessions of a weekly pattern, the days skipped, and the pattern as an iCalendar RRULE. */
export interface RecurrencePlan {
  occurrences: RecurrenceOccurrence[];
  skipped: SkippedOccurrence[];
  /** The pattern as iCalendar text (`DTSTART` and `RRULE` lines), as stored with a booked series. */
  rule: string;
  /** The last day of the series, `YYYY-MM-DD`. */
  lastDate: string;
}

const RRULE_DAYS = [RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA] as const;

/** Why a session length cannot be used, or null when it can: a whole, positive number of minutes. */
export function sessionLengthProblem(minutes: number): string | null {
  return Number.isInteger(minutes) && minutes > 0
    ? null
    : 'The length of a session must be a whole number of minutes.';
}

/** Why a start time cannot be used, or null when it can: a London time of day written `HH:MM`. */
export function startClockProblem(clock: string): string | null {
  try {
    return parseClock(clock) < 24 * 60 ? null : 'The start time must be a time of day.';
  } catch {
    return 'The start time must be written HH:MM.';
  }
}

/** Problems with a weekly pattern, in plain words (empty when it can be planned). */
export function validateRecurrence(r: WeeklyRecurrence): string[] {
  const problems: string[] = [];
  if (r.weekdays.length === 0) problems.push('Choose at least one day of the week.');
  if (r.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    problems.push('A day of the week must be 0 (Sunday) to 6 (Saturday).');
  }
  for (const problem of [startClockProblem(r.startClock), sessionLengthProblem(r.durationMinutes)]) {
    if (problem) problems.push(problem);
  }
  let firstOk = true;
  try {
    parseDateKey(r.firstDate);
  } catch {
    firstOk = false;
    problems.push('The first date must be a real day written YYYY-MM-DD.');
  }
  if ((r.weeks === undefined) === (r.until === undefined)) {
    problems.push('Give either a number of weeks or a last date.');
  } else if (r.weeks !== undefined) {
    if (!Number.isInteger(r.weeks) || r.weeks < 1 || r.weeks > MAX_SERIES_WEEKS) {
      problems.push(`A series runs for 1 to ${MAX_SERIES_WEEKS} weeks.`);
    }
  } else if (r.until !== undefined && firstOk) {
    try {
      const days = daysBetweenDateKeys(r.firstDate, r.until);
      if (days < 0) problems.push('The last date must not be before the first.');
      if (days >= MAX_SERIES_WEEKS * 7) problems.push(`A series runs for at most ${MAX_SERIES_WEEKS} weeks.`);
    } catch {
      problems.push('The last date must be a real day written YYYY-MM-DD.');
    }
  }
  return problems;
}

function floatingMidnight(dateKey: string): Date {
  const { year, month, day } = parseDateKey(dateKey);
  return new Date(utcMillis(year, month, day));
}

/**
 * The sessions of a weekly pattern. The calendar arithmetic is iCalendar's (the `rrule` package, in floating time:
 * dates only); each date is then placed at the London clock time with {@link fromLondonDateKey}, so a series keeps
 * its 16:00 across the clock changes. A day that is a bank holiday in the centre's nation (its council's) is skipped
 * and listed in `skipped` (the centre may be open, but schools, carers and transport run to a holiday timetable).
 *
 * With `weeks`, each week is the seven days from `firstDate`, so the series has `weeks × weekdays` days before
 * skipping. Throws `RangeError` with the problems of {@link validateRecurrence} when the pattern is not usable.
 */
export function planRecurrence(r: WeeklyRecurrence, nation: BankHolidayNation): RecurrencePlan {
  const problems = validateRecurrence(r);
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  const lastDate = r.until ?? addDaysToDateKey(r.firstDate, (r.weeks ?? 1) * 7 - 1);
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: [...new Set(r.weekdays)].sort().map((d) => RRULE_DAYS[d]),
    dtstart: floatingMidnight(r.firstDate),
    until: floatingMidnight(lastDate),
  });
  const occurrences: RecurrenceOccurrence[] = [];
  const skipped: SkippedOccurrence[] = [];
  for (const date of rule.all()) {
    const dateKey = toDateKey(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    if (isBankHoliday(dateKey, nation)) {
      skipped.push({
        dateKey,
        reason: 'bank_holiday',
        message: `${formatDateKey(dateKey)} is a bank holiday: no session is planned that day.`,
      });
      continue;
    }
    const start = fromLondonDateKey(dateKey, r.startClock);
    occurrences.push({ dateKey, start, end: new Date(start.getTime() + r.durationMinutes * 60_000) });
  }
  return { occurrences, skipped, rule: rule.toString(), lastDate };
}
