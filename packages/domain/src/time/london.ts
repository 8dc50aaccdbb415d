/**
 * Europe/London wall-clock helpers built on `Intl` alone.
 *
 * Rule 1 (docs/domain.md): times are stored in UTC and shown in Europe/London. Every rule that talks about
 * "the day", "working days" or "opening hours" means the London calendar, so all of them go through here.
 */

/** The time zone every centre works in (docs/domain.md rule 1). */
export const CENTRE_TIME_ZONE = 'Europe/London';

/** Day of the week as `Date#getDay` counts it: 0 is Sunday, 6 is Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** All weekdays, Sunday first. */
export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** English names of the weekdays, indexed by {@link Weekday}. */
export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  0: 'Sunday',
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
};

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
] as const;

/** The London wall-clock reading of an instant. `month` is 1–12. */
export interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// One formatter for the whole process: constructing Intl formatters is far more expensive than using them.
const wallClockFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: CENTRE_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function assertValidDate(d: Date, what = 'date'): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new RangeError(`Invalid ${what}`);
  }
}

/**
 * Milliseconds since the epoch for a proleptic-Gregorian UTC wall reading. Unlike `Date.UTC` it does not
 * reinterpret years 0–99 as 1900–1999.
 */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, 0, 0);
  return d.getTime();
}

/** Weekday of a calendar date (no time zone involved: a date is a date). */
export function weekdayOf(year: number, month: number, day: number): Weekday {
  return new Date(utcMillis(year, month, day)).getUTCDay() as Weekday;
}

/** The London wall-clock reading (to the minute) of an instant. */
export function londonParts(d: Date): LondonParts {
  assertValidDate(d);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of wallClockFormatter.formatToParts(d)) {
    const n = Number(part.value);
    switch (part.type) {
      case 'year':
        year = n;
        break;
      case 'month':
        month = n;
        break;
      case 'day':
        day = n;
        break;
      case 'hour':
        hour = n;
        break;
      case 'minute':
        minute = n;
        break;
      default:
        break;
    }
  }
  return { year, month, day, hour, minute, weekday: weekdayOf(year, month, day) };
}

/** London's offset from UTC at an instant, in milliseconds (0 in GMT, 3 600 000 in BST). */
export function londonOffsetMillis(d: Date): number {
  const p = londonParts(d);
  const truncated = Math.floor(d.getTime() / MINUTE_MS) * MINUTE_MS;
  return utcMillis(p.year, p.month, p.day, p.hour, p.minute) - truncated;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A calendar date as `YYYY-MM-DD`. */
export function toDateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The London calendar date of an instant, as `YYYY-MM-DD` (e.g. `'2026-11-23'`). */
export function londonDateKey(d: Date): string {
  const p = londonParts(d);
  return toDateKey(p.year, p.month, p.day);
}

/**
 * Minutes since London midnight by the wall clock, with the seconds as a fraction: 07:00 is 420 even on a day the
 * clocks change, which is where a timeline of the day draws it.
 */
export function londonMinuteOfDay(d: Date): number {
  const p = londonParts(d);
  const seconds = (((d.getTime() % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) / MINUTE_MS;
  return p.hour * 60 + p.minute + seconds;
}

/** The London wall-clock time of an instant as `HH:MM` (24-hour). */
export function formatLondonTime(d: Date): string {
  const p = londonParts(d);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}

/** Parts of a `YYYY-MM-DD` date key; throws `RangeError` for anything that is not a real calendar date. */
export function parseDateKey(key: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(key)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: ${key}`);
  }
  return { year, month, day };
}

/** The date key `days` calendar days after (or, if negative, before) `key`. */
export function addDaysToDateKey(key: string, days: number): string {
  const { year, month, day } = parseDateKey(key);
  const d = new Date(utcMillis(year, month, day) + days * DAY_MS);
  return toDateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The date key `months` calendar months after (or, if negative, before) `key`, on the same day of the month, or on
 * the month's last day when it is shorter: 31 August plus 3 months is 30 November, 30 November plus 3 months is
 * 28 February (29 in a leap year).
 */
export function addMonthsToDateKey(key: string, months: number): string {
  const { year, month, day } = parseDateKey(key);
  const index = year * 12 + (month - 1) + months;
  const toYear = Math.floor(index / 12);
  const toMonth = index - toYear * 12 + 1;
  return toDateKey(toYear, toMonth, Math.min(day, daysInMonth(toYear, toMonth)));
}

/** Whole calendar days from date key `a` to date key `b` (positive when `b` is later). */
export function daysBetweenDateKeys(a: string, b: string): number {
  const pa = parseDateKey(a);
  const pb = parseDateKey(b);
  return Math.round((utcMillis(pb.year, pb.month, pb.day) - utcMillis(pa.year, pa.month, pa.day)) / DAY_MS);
}

/** Weekday of a `YYYY-MM-DD` date key. */
export function weekdayOfDateKey(key: string): Weekday {
  const { year, month, day } = parseDateKey(key);
  return weekdayOf(year, month, day);
}

/**
 * The instant at which London clocks read the given wall time.
 *
 * Europe/London changes its clocks at 01:00 UTC, which leaves two awkward readings a year. We resolve them
 * the way `Temporal`'s default `'compatible'` disambiguation does, so that the result never surprises anyone
 * who later moves to `Temporal`:
 * - **Skipped hour** (last Sunday of March, 01:00–01:59 does not exist): the time is pushed forward by the
 *   length of the gap, so 01:30 becomes 02:30 BST (01:30 UTC). A session is never placed before the
 *   moment it was asked for.
 * - **Repeated hour** (last Sunday of October, 01:00–01:59 happens twice): the earlier of the two, in BST,
 *   is used, so 01:30 is 00:30 UTC. Choosing the earlier reading errs towards people arriving early.
 *
 * Throws `RangeError` for impossible readings (month 13, 31 June, hour 24, minute 60 …).
 */
export function fromLondon(year: number, month: number, day: number, hour: number, minute: number): Date {
  const ints = [year, month, day, hour, minute];
  if (!ints.every(Number.isInteger)) throw new RangeError('fromLondon expects whole numbers');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: ${toDateKey(year, month, day)}`);
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`Not a wall-clock time: ${pad2(hour)}:${pad2(minute)}`);
  }
  const wall = utcMillis(year, month, day, hour, minute);
  // The offsets a day either side bracket any clock change affecting this reading.
  const before = londonOffsetMillis(new Date(wall - DAY_MS));
  const after = londonOffsetMillis(new Date(wall + DAY_MS));
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => londonOffsetMillis(new Date(t)) === wall - t)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  // Gap: applying the pre-change offset lands just after the change, i.e. shifted forward by the gap.
  return new Date(wall - before);
}

/** {@link fromLondon} for a `YYYY-MM-DD` date key and an `HH:MM` clock time (`'24:00'` means next midnight). */
export function fromLondonDateKey(key: string, clock: string): Date {
  const { year, month, day } = parseDateKey(key);
  const minutes = parseClock(clock);
  if (minutes === 24 * 60) {
    const next = parseDateKey(addDaysToDateKey(key, 1));
    return fromLondon(next.year, next.month, next.day, 0, 0);
  }
  return fromLondon(year, month, day, Math.floor(minutes / 60), minutes % 60);
}

/**
 * The instant at which London clocks read `clock` (`'16:30'`, or `'9:05'` as people type it) on the London day of
 * `day`, as {@link fromLondon} resolves it; null when `clock` is not a time of day. For a time read off the centre's
 * clock: the device reading it may be set to another zone, so its own local time cannot be used.
 */
export function londonClockOnDay(clock: string, day: Date): Date | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  const p = londonParts(day);
  return fromLondon(p.year, p.month, p.day, hour, minute);
}

/**
 * Minutes after midnight for an `HH:MM` clock time. `'24:00'` is accepted as the end of the day.
 * Throws `RangeError` for anything else.
 */
export function parseClock(clock: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) throw new RangeError(`Not an HH:MM time: ${JSON.stringify(clock)}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 24 * 60;
  if (h > 23 || min > 59) throw new RangeError(`Not an HH:MM time: ${JSON.stringify(clock)}`);
  return h * 60 + min;
}

/** A London date for people to read, e.g. `'Tuesday 3 November 2026'`. */
export function formatLondonDate(d: Date): string {
  const p = londonParts(d);
  return `${WEEKDAY_NAMES[p.weekday]} ${p.day} ${MONTH_NAMES[p.month - 1] ?? ''} ${p.year}`;
}

/** A London date and time for people to read, e.g. `'Tuesday 3 November 2026 at 16:30'`. */
export function formatLondonDateTime(d: Date): string {
  return `${formatLondonDate(d)} at ${formatLondonTime(d)}`;
}

/** A `YYYY-MM-DD` date key for people to read, e.g. `'Monday 23 November 2026'`. */
export function formatDateKey(key: string): string {
  const { year, month, day } = parseDateKey(key);
  return `${WEEKDAY_NAMES[weekdayOf(year, month, day)]} ${day} ${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}
