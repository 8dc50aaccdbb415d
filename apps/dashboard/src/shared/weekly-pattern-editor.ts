import {
  parseClock,
  validateWeeklyPattern,
  WEEKDAY_NAMES,
  type Weekday,
  type WeeklyPattern,
  type WeeklySlot,
} from '@kinroom/domain';

/** The week as people in the UK read it: Monday first, Sunday last (the domain counts 0 as Sunday). */
export const WEEK_ORDER: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/** One row of the editor: a slot as typed, with a key that stays with the row while rows are added and removed. */
export interface PatternRow extends WeeklySlot {
  key: number;
}

let nextKey = 1;

/** The rows for a saved pattern, in the order it was saved. */
export function rowsFromPattern(pattern: WeeklyPattern): PatternRow[] {
  return pattern.map((s) => ({ key: nextKey++, weekday: s.weekday, start: s.start, end: s.end }));
}

/** The pattern the rows describe, in row order, exactly as typed (nothing dropped, nothing guessed). */
export function patternFromRows(rows: readonly PatternRow[]): WeeklySlot[] {
  return rows.map(({ weekday, start, end }) => ({ weekday, start, end }));
}

/**
 * The next row to add: the day after the last row's, at the same times, so that a school week or a shift pattern
 * is typed once and repeated with one key press per day. The first row is Monday 09:00–15:00.
 */
export function newRow(rows: readonly PatternRow[]): PatternRow {
  const last = rows.at(-1);
  if (!last) return { key: nextKey++, weekday: 1, start: '09:00', end: '15:00' };
  const at = WEEK_ORDER.indexOf(last.weekday as Weekday);
  const weekday = WEEK_ORDER[(at + 1) % WEEK_ORDER.length] ?? 1;
  return { key: nextKey++, weekday, start: last.start, end: last.end };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * What is wrong with one row, in words, by the domain's own check of a weekly pattern (validateWeeklyPattern): the
 * same words the API answers with when it refuses the pattern. Empty when the row is usable.
 */
export function rowProblems(slot: WeeklySlot): string[] {
  return validateWeeklyPattern([slot]).map((p) => capitalise(p.replace(/^Slot 1: /, '')));
}

/** What is wrong with the whole pattern, by the domain's check; empty when it may be saved. */
export function patternProblems(pattern: WeeklyPattern): string[] {
  return validateWeeklyPattern(pattern);
}

/** Whether a slot runs past midnight into the next day (an end at or before its start: a night shift). */
export function runsOvernight(slot: WeeklySlot): boolean {
  try {
    const end = parseClock(slot.end);
    return end !== 24 * 60 && end <= parseClock(slot.start);
  } catch {
    return false;
  }
}

const dayName = (weekday: number) => WEEKDAY_NAMES[weekday as Weekday] ?? `Day ${weekday}`;

/** "Monday 08:45–15:15", or "Friday 22:00–06:00 (into Saturday)" for a slot that runs overnight. */
export function slotText(slot: WeeklySlot): string {
  const base = `${dayName(slot.weekday)} ${slot.start || '?'}–${slot.end || '?'}`;
  if (!runsOvernight(slot)) return base;
  return `${base} (into ${dayName((slot.weekday + 1) % 7)})`;
}

/** The pattern in one line, Monday first then by start time: "Monday 08:45–15:15, Tuesday 08:45–15:15". */
export function patternText(pattern: WeeklyPattern, none = 'None'): string {
  if (!pattern.length) return none;
  const order = (s: WeeklySlot) => WEEK_ORDER.indexOf(s.weekday as Weekday);
  return [...pattern]
    .sort((a, b) => order(a) - order(b) || a.start.localeCompare(b.start))
    .map(slotText)
    .join(', ');
}
