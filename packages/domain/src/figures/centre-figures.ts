/**
 * The rules behind a centre's weekly figures (docs/figures.md): which weeks, how long a centre is open in a week,
 * and the middle of a list of durations. The API counts in SQL; these say what is counted and over which hours.
 */
import type { OpeningHours } from '../scheduling/opening-hours.js';
import { isWorkingDay, type BankHolidayNation } from '../time/bank-holidays.js';
import {
  addDaysToDateKey,
  daysBetweenDateKeys,
  fromLondonDateKey,
  londonDateKey,
  weekdayOfDateKey,
} from '../time/london.js';

/** Weeks the figures cover unless asked otherwise: a quarter. */
export const FIGURES_DEFAULT_WEEKS = 12;

/** The most weeks one request may cover: a year. */
export const FIGURES_MAX_WEEKS = 52;

/**
 * The Monday (`YYYY-MM-DD`) of the London week an instant falls in. Weeks run Monday to Sunday by the London
 * calendar, so a Sunday 23:30 in summer (22:30 UTC) still belongs to the week that began six days before.
 */
export function londonWeekStart(at: Date): string {
  const key = londonDateKey(at);
  return addDaysToDateKey(key, -((weekdayOfDateKey(key) + 6) % 7));
}

/**
 * The Mondays of the `weeks` London weeks that end with the week of `now`, oldest first. Throws `RangeError` for a
 * number of weeks that is not a whole number from 1 to {@link FIGURES_MAX_WEEKS}.
 */
export function figureWeeks(now: Date, weeks: number = FIGURES_DEFAULT_WEEKS): string[] {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > FIGURES_MAX_WEEKS) {
    throw new RangeError(`Weeks must be a whole number from 1 to ${FIGURES_MAX_WEEKS}`);
  }
  const current = londonWeekStart(now);
  return Array.from({ length: weeks }, (_, i) => addDaysToDateKey(current, -7 * (weeks - 1 - i)));
}

/**
 * Minutes a centre is open in the London week starting on Monday `monday`, from its opening hours (rule 1). Each
 * day counts the time that really passes between opening and closing, so an evening that spans a clock change
 * is an hour shorter or longer, as the rooms' bookings are. A day the centre is closed counts nothing.
 */
export function openMinutesInWeek(hours: OpeningHours, monday: string): number {
  let minutes = 0;
  for (let i = 0; i < 7; i++) {
    const day = addDaysToDateKey(monday, i);
    const open = hours[weekdayOfDateKey(day)];
    if (!open) continue;
    const from = fromLondonDateKey(day, open.open).getTime();
    const to = fromLondonDateKey(day, open.close).getTime();
    minutes += Math.max(0, to - from) / 60_000;
  }
  return minutes;
}

/**
 * The median of some numbers: the middle one once sorted, or the mean of the two middle ones when there is an even
 * number of them (as PostgreSQL's `percentile_cont(0.5)` works it out); null when there are none.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A share of a whole, from 0 to 1; null when there is nothing to share (a rate of no sessions is no rate). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The working days (`YYYY-MM-DD`, weekdays that are not bank holidays in the centre's nation) from `from` to `to`, both
 * included, in order: what a report's due date is counted in (rule 9, `reportDueDate`), for a database to count in.
 */
export function workingDaysBetween(from: string, to: string, nation: BankHolidayNation): string[] {
  const days: string[] = [];
  const count = daysBetweenDateKeys(from, to);
  for (let i = 0; i <= count; i++) {
    const key = addDaysToDateKey(from, i);
    if (isWorkingDay(key, nation)) days.push(key);
  }
  return days;
}
