/**
 * Times are stored in UTC and shown in Europe/London (docs/domain.md rule 1), whatever zone the browser is in. These
 * helpers use the platform's Intl time-zone data rather than a date library: the dashboard needs only wall-clock
 * reading and writing for one zone.
 */
export const CENTRE_ZONE = 'Europe/London';

const MINUTE = 60_000;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: CENTRE_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(d: Date): WallClock {
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(partsFormat.formatToParts(d).find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function toDate(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/** "14:05" in London. */
export function londonTime(value: Date | string): string {
  const w = wallClock(toDate(value));
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The London calendar day of a moment, as YYYY-MM-DD. */
export function londonDateKey(value: Date | string): string {
  const w = wallClock(toDate(value));
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes since London midnight, by the wall clock (so 07:00 is 420 even on a clock-change day). */
export function londonMinuteOfDay(value: Date | string): number {
  const w = wallClock(toDate(value));
  return w.hour * 60 + w.minute + w.second / 60;
}

/** How far London is ahead of UTC at a moment, in milliseconds (0 in winter, one hour in summer). */
function offsetAt(t: number): number {
  const w = wallClock(new Date(t));
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The moment a London wall-clock time happens on a day. A time skipped when the clocks go forward is read as
 * the moment after the jump; a time that happens twice when they go back is the first of the two.
 */
export function fromLondon(dateKey: string, clock: string): Date {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  const [h, mi] = clock.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // London is either on UTC or one hour ahead of it, so the moment is one of these two.
  const real = [wall - 60 * MINUTE, wall].filter((t) => t + offsetAt(t) === wall);
  if (real.length > 0) return new Date(real[0]!);
  return new Date(wall - offsetAt(wall - 3 * 60 * MINUTE));
}

/** The day after (or before) a YYYY-MM-DD day. */
export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 for Sunday … 6 for Saturday, as the API numbers opening days. */
export function weekdayOf(dateKey: string): number {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Monday 23 November 2026" (built by hand: ICU versions disagree on the comma). */
export function longDate(dateKey: string): string {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  return `${DAY_NAMES[weekdayOf(dateKey)]} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** Adds minutes to an HH:MM clock reading, staying within the day (23:59 at most). */
export function addToClock(clock: string, minutes: number): string {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  const total = Math.min(23 * 60 + 59, Math.max(0, h * 60 + m + minutes));
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
