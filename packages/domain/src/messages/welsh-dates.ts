/**
 * London dates in Welsh, for messages written in Welsh alongside English (docs/notifications.md, "Welsh").
 */
import { londonParts, parseDateKey, weekdayOf, type Weekday } from '../time/london.js';

/** Welsh names of the weekdays, indexed as `Date#getDay` counts them (0 is Sunday). */
export const WEEKDAY_NAMES_CY: Readonly<Record<Weekday, string>> = {
  0: 'Dydd Sul',
  1: 'Dydd Llun',
  2: 'Dydd Mawrth',
  3: 'Dydd Mercher',
  4: 'Dydd Iau',
  5: 'Dydd Gwener',
  6: 'Dydd Sadwrn',
};

const MONTH_NAMES_CY = [
  'Ionawr',
  'Chwefror',
  'Mawrth',
  'Ebrill',
  'Mai',
  'Mehefin',
  'Gorffennaf',
  'Awst',
  'Medi',
  'Hydref',
  'Tachwedd',
  'Rhagfyr',
] as const;

/** A `YYYY-MM-DD` date key in Welsh, e.g. `'Dydd Llun 23 Tachwedd 2026'`. */
export function formatDateKeyCy(key: string): string {
  const { year, month, day } = parseDateKey(key);
  return `${WEEKDAY_NAMES_CY[weekdayOf(year, month, day)]} ${day} ${MONTH_NAMES_CY[month - 1] ?? ''} ${year}`;
}

/** The London date of an instant in Welsh, e.g. `'Dydd Mawrth 3 Tachwedd 2026'`. */
export function formatLondonDateCy(d: Date): string {
  const p = londonParts(d);
  return `${WEEKDAY_NAMES_CY[p.weekday]} ${p.day} ${MONTH_NAMES_CY[p.month - 1] ?? ''} ${p.year}`;
}
