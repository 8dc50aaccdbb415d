/**
 * Opening hours and weekly patterns (school, work), all in London local time (docs/domain.md rule 1).
 */
import { parseClock, type Weekday } from '../time/london.js';

/** One day's opening hours as London `HH:MM` times. `close` may be `'24:00'` for midnight. */
export interface DayHours {
  open: string;
  close: string;
}

/** Opening hours per weekday (0 is Sunday); `null` means closed all day. */
export type OpeningHours = Record<Weekday, DayHours | null>;

/**
 * 07:00–23:00 every day of the week: rule 1's example of a centre working anti-social hours and weekends.
 */
export const DEFAULT_OPENING_HOURS: OpeningHours = Object.freeze({
  0: { open: '07:00', close: '23:00' },
  1: { open: '07:00', close: '23:00' },
  2: { open: '07:00', close: '23:00' },
  3: { open: '07:00', close: '23:00' },
  4: { open: '07:00', close: '23:00' },
  5: { open: '07:00', close: '23:00' },
  6: { open: '07:00', close: '23:00' },
});

/**
 * One recurring weekly slot in London local time, e.g. school on Mondays 08:45–15:15. An `end` at or
 * before `start` means the slot runs overnight into the next day (a night shift 22:00–06:00); `'24:00'`
 * is accepted as an end.
 */
export interface WeeklySlot {
  /** 0 is Sunday … 6 is Saturday, as in {@link Weekday}. */
  weekday: number;
  start: string;
  end: string;
}

/** A child's school hours or a parent's work pattern: any number of weekly slots. */
export type WeeklyPattern = readonly WeeklySlot[];

/**
 * Problems with a weekly pattern as plain-words messages (empty when it is usable). Use it when a pattern
 * is saved; {@link checkSchedule} throws on malformed patterns rather than guessing.
 */
export function validateWeeklyPattern(pattern: WeeklyPattern): string[] {
  const problems: string[] = [];
  pattern.forEach((slot, i) => {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 0 || slot.weekday > 6) {
      problems.push(`Slot ${i + 1}: weekday must be 0 (Sunday) to 6 (Saturday)`);
    }
    for (const [name, value] of [
      ['start', slot.start],
      ['end', slot.end],
    ] as const) {
      try {
        const minutes = parseClock(value);
        if (name === 'start' && minutes === 24 * 60) problems.push(`Slot ${i + 1}: start cannot be 24:00`);
      } catch {
        problems.push(`Slot ${i + 1}: ${name} must be an HH:MM time`);
      }
    }
  });
  return problems;
}

/** Problems with opening hours as plain-words messages (empty when usable). */
export function validateOpeningHours(hours: OpeningHours): string[] {
  const problems: string[] = [];
  for (const weekday of [0, 1, 2, 3, 4, 5, 6] as const) {
    const day = hours[weekday];
    if (day === null) continue;
    try {
      if (parseClock(day.open) >= parseClock(day.close)) {
        problems.push(`Day ${weekday}: the centre must open before it closes`);
      }
    } catch {
      problems.push(`Day ${weekday}: opening and closing times must be HH:MM`);
    }
  }
  return problems;
}
