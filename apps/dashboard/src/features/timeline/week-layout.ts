import {
  addDaysToDateKey,
  fromLondonDateKey,
  londonDateKey,
  WEEKDAY_NAMES,
  weekdayOfDateKey,
} from '@kinroom/domain';
import { londonShortDate } from '../../shared/london-time';

/**
 * The week view as plain data: which Monday a day's week starts on, its seven days, and each room's sessions
 * sorted into those days. A session is shown on every day of the week it runs on (one past midnight on both),
 * as the day view does.
 */

/** The Monday of the week a YYYY-MM-DD day falls in (a British week runs Monday to Sunday). */
export function weekStart(dateKey: string): string {
  return addDaysToDateKey(dateKey, -((weekdayOfDateKey(dateKey) + 6) % 7));
}

/** The seven days from a Monday, as YYYY-MM-DD. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDaysToDateKey(monday, i));
}

/** The London days a session runs on: the day it starts and, when it runs past midnight, the days it runs into. */
export function daysRunOn(s: { startsAt: string; endsAt: string }): string[] {
  const first = londonDateKey(new Date(s.startsAt));
  const last = londonDateKey(new Date(Math.max(Date.parse(s.startsAt), Date.parse(s.endsAt) - 1)));
  const days = [first];
  while (days[days.length - 1]! < last) days.push(addDaysToDateKey(days[days.length - 1]!, 1));
  return days;
}

export interface WeekSpan {
  roomId: string;
  startsAt: string;
  endsAt: string;
}

/** Each room's sessions for each day of the week, in time order: `cells[roomId][dateKey]`. */
export function weekCells<T extends WeekSpan>(
  roomIds: readonly string[],
  days: readonly string[],
  sessions: readonly T[],
): Record<string, Record<string, T[]>> {
  const cells: Record<string, Record<string, T[]>> = {};
  for (const roomId of roomIds) cells[roomId] = Object.fromEntries(days.map((d) => [d, [] as T[]]));
  const sorted = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const s of sorted) {
    for (const day of daysRunOn(s)) cells[s.roomId]?.[day]?.push(s);
  }
  return cells;
}

/** "MC": a child's initials, as a week's block has room for. */
export function initials(c: { firstName: string; lastInitial: string }): string {
  return `${c.firstName.charAt(0)}${c.lastInitial}`.toUpperCase();
}

/** "Mon 23 Nov", a day's heading in the week. */
export function dayHeading(dateKey: string): string {
  const weekday = WEEKDAY_NAMES[weekdayOfDateKey(dateKey)].slice(0, 3);
  return `${weekday} ${londonShortDate(fromLondonDateKey(dateKey, '12:00'))}`;
}
