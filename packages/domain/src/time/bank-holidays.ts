/**
 * England and Wales bank holidays, computed by rule, and working days (used by docs/domain.md rule 9's
 * "due within 5 working days").
 */
import {
  addDaysToDateKey,
  parseDateKey,
  toDateKey,
  utcMillis,
  weekdayOf,
  weekdayOfDateKey,
} from './london.js';

/**
 * Years in which a standing bank holiday was moved by royal proclamation, and one-off extra days. Future
 * proclamations must be added here: they cannot be computed.
 */
const MOVED_EARLY_MAY: Readonly<Record<number, string>> = {
  1995: '1995-05-08', // 50th anniversary of VE Day
  2020: '2020-05-08', // 75th anniversary of VE Day
};
const MOVED_SPRING: Readonly<Record<number, string>> = {
  2002: '2002-06-04', // Golden Jubilee
  2012: '2012-06-04', // Diamond Jubilee
  2022: '2022-06-02', // Platinum Jubilee
};
const ONE_OFFS: readonly string[] = [
  '1999-12-31', // Millennium
  '2002-06-03', // Golden Jubilee
  '2011-04-29', // Royal wedding
  '2012-06-05', // Diamond Jubilee
  '2022-06-03', // Platinum Jubilee
  '2022-09-19', // State funeral of Queen Elizabeth II
  '2023-05-08', // Coronation of King Charles III
];

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDateKey(year, month, day);
}

function firstMonday(year: number, month: number): string {
  const offset = (8 - weekdayOf(year, month, 1)) % 7;
  return toDateKey(year, month, 1 + offset);
}

function lastMonday(year: number, month: number): string {
  const last = new Date(utcMillis(year, month + 1, 0)).getUTCDate();
  const offset = (weekdayOf(year, month, last) + 6) % 7;
  return toDateKey(year, month, last - offset);
}

/** The next Monday-to-Friday date on or after `key` that is not in `taken`. */
function nextFreeWeekday(key: string, taken: ReadonlySet<string>): string {
  let k = key;
  while (weekdayOfDateKey(k) === 0 || weekdayOfDateKey(k) === 6 || taken.has(k)) k = addDaysToDateKey(k, 1);
  return k;
}

const cache = new Map<number, readonly string[]>();

/**
 * The bank holidays of England and Wales in a year, as sorted `YYYY-MM-DD` keys, computed by rule:
 * New Year's Day, Good Friday, Easter Monday, the early May bank holiday (first Monday of May), the spring
 * bank holiday (last Monday of May), the summer bank holiday (last Monday of August), Christmas Day and
 * Boxing Day. A holiday falling on a weekend is replaced by the next weekday not already a holiday (so
 * Christmas on a Saturday gives Monday 27 and Tuesday 28 December). Proclaimed moves and one-off days are
 * applied: 8 May 2020 (VE Day), 2 and 3 June 2022 (Platinum Jubilee), 19 September 2022 (state funeral),
 * 8 May 2023 (coronation), and the earlier ones back to 1995.
 *
 * The rule is the modern one (early May since 1978); earlier years are not supported and throw `RangeError`.
 */
export function englandAndWalesBankHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < 1978 || year > 9999) {
    throw new RangeError(`Bank holidays are computed for 1978–9999, not ${year}`);
  }
  const cached = cache.get(year);
  if (cached) return [...cached];

  const days = new Set<string>();
  days.add(nextFreeWeekday(toDateKey(year, 1, 1), days));
  const easter = easterSunday(year);
  days.add(addDaysToDateKey(easter, -2));
  days.add(addDaysToDateKey(easter, 1));
  days.add(MOVED_EARLY_MAY[year] ?? firstMonday(year, 5));
  days.add(MOVED_SPRING[year] ?? lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  // Christmas first, so that Boxing Day's substitute steps over Christmas's.
  days.add(nextFreeWeekday(toDateKey(year, 12, 25), days));
  days.add(nextFreeWeekday(toDateKey(year, 12, 26), days));
  for (const key of ONE_OFFS) if (key.startsWith(`${year}-`)) days.add(key);

  const sorted = [...days].sort();
  cache.set(year, sorted);
  return [...sorted];
}

/** Whether a `YYYY-MM-DD` date is a bank holiday in England and Wales. */
export function isBankHoliday(dateKey: string): boolean {
  return englandAndWalesBankHolidays(parseDateKey(dateKey).year).includes(dateKey);
}

/** Whether a `YYYY-MM-DD` date is a working day: Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(dateKey: string): boolean {
  const weekday = weekdayOfDateKey(dateKey);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(dateKey);
}

/** The date `n` working days after `dateKey` (the day itself is not counted, working day or not). */
export function addWorkingDays(dateKey: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days: ${n}`);
  let key = dateKey;
  for (let left = n; left > 0;) {
    key = addDaysToDateKey(key, 1);
    if (isWorkingDay(key)) left--;
  }
  return key;
}
