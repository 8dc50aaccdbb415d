/**
 * Bank holidays of the three UK jurisdictions, and working days (docs/domain.md rule 9's "due within 5 working days";
 * docs/sessions.md, "Recurring sessions"). The days come from date-holidays, kept as a generated table
 * (bank-holidays-table.ts); a place keeps the holidays of its nation, recorded on its council (docs/set-up.md).
 */
import { DATE_HOLIDAYS_GB, FIRST_YEAR, LAST_YEAR } from './bank-holidays-table.js';
import { addDaysToDateKey, parseDateKey, weekdayOfDateKey } from './london.js';

/** The jurisdictions with their own bank holidays; Wales keeps England's. */
export const BANK_HOLIDAY_NATIONS = ['england_and_wales', 'scotland', 'northern_ireland'] as const;
export type BankHolidayNation = (typeof BANK_HOLIDAY_NATIONS)[number];

/** date-holidays' name for each nation: the GB state whose days it keeps. */
const STATE: Readonly<Record<BankHolidayNation, string>> = {
  england_and_wales: 'ENG',
  scotland: 'SCT',
  northern_ireland: 'NIR',
};

/** Whether a value names a nation Kinroom keeps bank holidays for. */
export function isBankHolidayNation(value: unknown): value is BankHolidayNation {
  return typeof value === 'string' && (BANK_HOLIDAY_NATIONS as readonly string[]).includes(value);
}

/**
 * Proclamations that date-holidays' rules leave out (its one-off days begin in 2012), applied in every nation as
 * they were: VE Day's 50th anniversary (early May holiday moved to 8 May 1995), the Millennium (31 December 1999),
 * the Golden Jubilee (spring holiday moved to 4 June 2002, and 3 June), the royal wedding (29 April 2011) and the
 * Diamond Jubilee's spring holiday moved to 4 June 2012.
 */
const EARLIER_PROCLAMATIONS: Readonly<Record<number, { add: readonly string[]; remove: readonly string[] }>> =
  {
    1995: { add: ['1995-05-08'], remove: ['1995-05-01'] },
    1999: { add: ['1999-12-31'], remove: [] },
    2002: { add: ['2002-06-03', '2002-06-04'], remove: ['2002-05-27'] },
    2011: { add: ['2011-04-29'], remove: [] },
    2012: { add: ['2012-06-04'], remove: ['2012-05-28'] },
  };

/**
 * The bank holidays of a nation in a year, as sorted `YYYY-MM-DD` keys: the days date-holidays gives for England
 * (which Wales shares), Scotland or Northern Ireland, substitute days included, with the proclamations before 2013
 * that it lacks, less the days on a Saturday or Sunday. A holiday that falls at a weekend is not itself a bank
 * holiday (Banking and Financial Dealings Act 1971, schedule 1): its substitute, the next free weekday, is, as on the
 * official lists (gov.uk/bank-holidays). Years 1978 (the modern early May holiday) to 2100; others throw
 * `RangeError`.
 */
export function bankHolidays(year: number, nation: BankHolidayNation): string[] {
  const days = DATE_HOLIDAYS_GB[STATE[nation]]?.[year];
  if (days === undefined) {
    throw new RangeError(`Bank holidays are known for ${FIRST_YEAR}–${LAST_YEAR}, not ${year}`);
  }
  const found = new Set(days.split(' ').map((monthDay) => `${year}-${monthDay}`));
  const proclaimed = EARLIER_PROCLAMATIONS[year];
  for (const d of proclaimed?.remove ?? []) found.delete(d);
  for (const d of proclaimed?.add ?? []) found.add(d);
  return [...found].filter((d) => weekdayOfDateKey(d) !== 0 && weekdayOfDateKey(d) !== 6).sort();
}

/** Whether a `YYYY-MM-DD` date is a bank holiday in a nation. */
export function isBankHoliday(dateKey: string, nation: BankHolidayNation): boolean {
  return bankHolidays(parseDateKey(dateKey).year, nation).includes(dateKey);
}

/** Whether a `YYYY-MM-DD` date is a working day in a nation: Monday to Friday and not one of its bank holidays. */
export function isWorkingDay(dateKey: string, nation: BankHolidayNation): boolean {
  const weekday = weekdayOfDateKey(dateKey);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(dateKey, nation);
}

/** The date `n` working days after `dateKey` in a nation (the day itself is not counted, working day or not). */
export function addWorkingDays(dateKey: string, n: number, nation: BankHolidayNation): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days: ${n}`);
  let key = dateKey;
  for (let left = n; left > 0;) {
    key = addDaysToDateKey(key, 1);
    if (isWorkingDay(key, nation)) left--;
  }
  return key;
}

/** A nation's bank holidays from `dateKey` (included) to the same day a year later (excluded), in order. */
export function bankHolidaysInYearFrom(dateKey: string, nation: BankHolidayNation): string[] {
  const { year } = parseDateKey(dateKey);
  const end = `${year + 1}${dateKey.slice(4)}`;
  return [...bankHolidays(year, nation), ...bankHolidays(year + 1, nation)].filter(
    (d) => d >= dateKey && d < end,
  );
}
