import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  easterSunday,
  englandAndWalesBankHolidays,
  isBankHoliday,
  isWorkingDay,
} from './bank-holidays.js';

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });
});

describe('englandAndWalesBankHolidays', () => {
  // Published lists (gov.uk/bank-holidays) to check the rule against.
  it.each([
    [
      2019,
      [
        '2019-01-01',
        '2019-04-19',
        '2019-04-22',
        '2019-05-06',
        '2019-05-27',
        '2019-08-26',
        '2019-12-25',
        '2019-12-26',
      ],
    ],
    [
      2020,
      [
        '2020-01-01',
        '2020-04-10',
        '2020-04-13',
        '2020-05-08',
        '2020-05-25',
        '2020-08-31',
        '2020-12-25',
        '2020-12-28',
      ],
    ],
    [
      2021,
      [
        '2021-01-01',
        '2021-04-02',
        '2021-04-05',
        '2021-05-03',
        '2021-05-31',
        '2021-08-30',
        '2021-12-27',
        '2021-12-28',
      ],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ],
    ],
  ])('%i matches the published list', (year, expected) => {
    expect(englandAndWalesBankHolidays(year)).toEqual(expected);
  });

  it('moves New Year to Monday 3 January when 1 January is a Saturday', () => {
    expect(englandAndWalesBankHolidays(2028)[0]).toBe('2028-01-03');
  });

  it('moves New Year to Monday 2 January when 1 January is a Sunday', () => {
    expect(englandAndWalesBankHolidays(2034)[0]).toBe('2034-01-02');
  });

  it('gives Boxing Day a Monday substitute when it falls on a Saturday', () => {
    // Christmas 2025 is a Thursday, 2026 a Friday.
    expect(englandAndWalesBankHolidays(2026).slice(-2)).toEqual(['2026-12-25', '2026-12-28']);
  });

  it('always has eight holidays in an ordinary year', () => {
    for (let year = 2024; year <= 2060; year++) {
      expect(englandAndWalesBankHolidays(year)).toHaveLength(8);
    }
  });

  it('never puts a holiday on a weekend', () => {
    for (let year = 1978; year <= 2100; year++) {
      for (const key of englandAndWalesBankHolidays(year)) {
        const weekday = new Date(`${key}T12:00:00Z`).getUTCDay();
        expect(weekday, key).not.toBe(0);
        expect(weekday, key).not.toBe(6);
      }
    }
  });

  it('returns a copy the caller cannot use to corrupt the cache', () => {
    const first = englandAndWalesBankHolidays(2026);
    first.push('2026-07-04');
    expect(englandAndWalesBankHolidays(2026)).not.toContain('2026-07-04');
  });

  it('refuses years before the modern rule', () => {
    expect(() => englandAndWalesBankHolidays(1977)).toThrow(RangeError);
    expect(() => englandAndWalesBankHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('working days', () => {
  it('excludes weekends and bank holidays', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true);
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isBankHoliday('2026-12-26')).toBe(false);
    expect(isWorkingDay('2026-12-29')).toBe(true);
  });

  it('counts working days after a date, not including it', () => {
    expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
    expect(() => addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
  });
});
