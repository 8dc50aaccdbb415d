import { describe, expect, it } from 'vitest';
import { holidayDays, holidayTable } from '../../scripts/bank-holiday-table.mjs';
import {
  addWorkingDays,
  BANK_HOLIDAY_NATIONS,
  bankHolidays,
  bankHolidaysInYearFrom,
  isBankHoliday,
  isBankHolidayNation,
  isWorkingDay,
} from './bank-holidays.js';
import { DATE_HOLIDAYS_GB } from './bank-holidays-table.js';

// The official lists (gov.uk/bank-holidays), to check date-holidays' rules against.
const ENGLAND_AND_WALES: Record<number, string[]> = {
  1995: ['01-02', '04-14', '04-17', '05-08', '05-29', '08-28', '12-25', '12-26'],
  1999: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28', '12-31'],
  2002: ['01-01', '03-29', '04-01', '05-06', '06-03', '06-04', '08-26', '12-25', '12-26'],
  2011: ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2012: ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
};
const SCOTLAND: Record<number, string[]> = {
  2021: ['01-01', '01-04', '04-02', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'],
  2022: ['01-03', '01-04', '04-15', '05-02', '06-02', '06-03', '08-01', '09-19', '11-30', '12-26', '12-27'],
  2025: ['01-01', '01-02', '04-18', '05-05', '05-26', '08-04', '12-01', '12-25', '12-26'],
  2026: ['01-01', '01-02', '04-03', '05-04', '05-25', '08-03', '11-30', '12-25', '12-28'],
  2027: ['01-01', '01-04', '03-26', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'],
};
const NORTHERN_IRELAND: Record<number, string[]> = {
  2021: ['01-01', '03-17', '04-02', '04-05', '05-03', '05-31', '07-12', '08-30', '12-27', '12-28'],
  2022: [
    '01-03',
    '03-17',
    '04-15',
    '04-18',
    '05-02',
    '06-02',
    '06-03',
    '07-12',
    '08-29',
    '09-19',
    '12-26',
    '12-27',
  ],
  2026: ['01-01', '03-17', '04-03', '04-06', '05-04', '05-25', '07-13', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-17', '03-26', '03-29', '05-03', '05-31', '07-12', '08-30', '12-27', '12-28'],
};

const lists = (table: Record<number, string[]>) =>
  Object.entries(table).map(([year, days]) => [Number(year), days.map((d) => `${year}-${d}`)] as const);

describe('bankHolidays', () => {
  it.each(lists(ENGLAND_AND_WALES))('England and Wales %i matches the official list', (year, expected) => {
    expect(bankHolidays(year, 'england_and_wales')).toEqual(expected);
  });

  it.each(lists(SCOTLAND))('Scotland %i matches the official list', (year, expected) => {
    expect(bankHolidays(year, 'scotland')).toEqual(expected);
  });

  it.each(lists(NORTHERN_IRELAND))('Northern Ireland %i matches the official list', (year, expected) => {
    expect(bankHolidays(year, 'northern_ireland')).toEqual(expected);
  });

  it('gives Wales the days of England, as the law does', () => {
    for (let year = 1978; year <= 2100; year++)
      expect(holidayDays('WLS', year)).toEqual(holidayDays('ENG', year));
  });

  it('moves Scotland’s New Year past both its days: 1 January on a Saturday gives Monday 3 and Tuesday 4', () => {
    expect(bankHolidays(2028, 'scotland').slice(0, 2)).toEqual(['2028-01-03', '2028-01-04']);
    expect(bankHolidays(2028, 'england_and_wales')[0]).toBe('2028-01-03');
  });

  it('never puts a bank holiday on a weekend: the substitute day is the holiday', () => {
    for (const nation of BANK_HOLIDAY_NATIONS) {
      for (let year = 1978; year <= 2100; year++) {
        for (const key of bankHolidays(year, nation)) {
          const weekday = new Date(`${key}T12:00:00Z`).getUTCDay();
          expect([0, 6], `${nation} ${key}`).not.toContain(weekday);
        }
      }
    }
    expect(isBankHoliday('2026-12-26', 'england_and_wales')).toBe(false);
    expect(isBankHoliday('2026-07-12', 'northern_ireland')).toBe(false);
  });

  it('returns a copy the caller cannot use to corrupt the cache', () => {
    const first = bankHolidays(2026, 'scotland');
    first.push('2026-07-04');
    expect(bankHolidays(2026, 'scotland')).not.toContain('2026-07-04');
  });

  it('refuses years before the modern rule and after the table', () => {
    expect(() => bankHolidays(1977, 'england_and_wales')).toThrow(RangeError);
    expect(() => bankHolidays(2101, 'northern_ireland')).toThrow(RangeError);
    expect(() => bankHolidays(2026.5, 'scotland')).toThrow(RangeError);
  });

  it('keeps the days date-holidays gives, as the installed package gives them (regenerate after upgrading)', () => {
    expect(DATE_HOLIDAYS_GB).toEqual(holidayTable());
  });
});

describe('bankHolidaysInYearFrom', () => {
  it('lists a year of a nation’s bank holidays from a day, that day included', () => {
    expect(bankHolidaysInYearFrom('2026-11-30', 'scotland')).toEqual([
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-01-04',
      '2027-03-26',
      '2027-05-03',
      '2027-05-31',
      '2027-08-02',
    ]);
    expect(bankHolidaysInYearFrom('2026-07-14', 'northern_ireland')[0]).toBe('2026-08-31');
  });
});

describe('isBankHolidayNation', () => {
  it('knows the three nations and nothing else', () => {
    for (const nation of BANK_HOLIDAY_NATIONS) expect(isBankHolidayNation(nation)).toBe(true);
    for (const other of ['wales', 'england', 'ENG', '', null, 3])
      expect(isBankHolidayNation(other)).toBe(false);
  });
});

describe('working days', () => {
  it('excludes weekends and the nation’s bank holidays', () => {
    expect(isWorkingDay('2026-11-23', 'england_and_wales')).toBe(true);
    expect(isWorkingDay('2026-11-21', 'england_and_wales')).toBe(false);
    expect(isWorkingDay('2026-11-22', 'england_and_wales')).toBe(false);
    expect(isWorkingDay('2026-04-03', 'england_and_wales')).toBe(false);
    expect(isWorkingDay('2026-04-06', 'england_and_wales')).toBe(false);
    expect(isWorkingDay('2026-12-28', 'england_and_wales')).toBe(false);
    expect(isWorkingDay('2026-12-29', 'england_and_wales')).toBe(true);
  });

  it('counts Easter Monday in Scotland and St Andrew’s Day in England, not the other way round', () => {
    expect(isWorkingDay('2026-04-06', 'scotland')).toBe(true);
    expect(isWorkingDay('2026-11-30', 'scotland')).toBe(false);
    expect(isWorkingDay('2026-11-30', 'england_and_wales')).toBe(true);
    expect(isWorkingDay('2026-07-13', 'northern_ireland')).toBe(false);
    expect(isWorkingDay('2026-07-13', 'england_and_wales')).toBe(true);
  });

  it('counts working days after a date, not including it', () => {
    expect(addWorkingDays('2026-11-23', 5, 'england_and_wales')).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-23', 5, 'scotland')).toBe('2026-12-01');
    expect(addWorkingDays('2026-11-21', 1, 'england_and_wales')).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 0, 'england_and_wales')).toBe('2026-11-23');
    expect(addWorkingDays('2026-12-24', 2, 'england_and_wales')).toBe('2026-12-30');
    expect(() => addWorkingDays('2026-11-23', -1, 'england_and_wales')).toThrow(RangeError);
  });
});
