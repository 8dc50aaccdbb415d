import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_NATIONS, isBankHoliday } from '../time/bank-holidays.js';
import {
  addDaysToDateKey,
  formatLondonTime,
  londonDateKey,
  weekdayOfDateKey,
  type Weekday,
} from '../time/london.js';
import { MAX_SERIES_WEEKS, planRecurrence, validateRecurrence } from './recurrence.js';

describe('planRecurrence', () => {
  it('places a Tuesday and Thursday series at the London clock time, across the clocks going forward', () => {
    // 17 March 2026 is a Tuesday; the clocks go forward on Sunday 29 March.
    const plan = planRecurrence(
      {
        weekdays: [2, 4],
        startClock: '16:00',
        durationMinutes: 90,
        firstDate: '2026-03-17',
        weeks: 3,
      },
      'england_and_wales',
    );
    expect(plan.occurrences.map((o) => o.dateKey)).toEqual([
      '2026-03-17',
      '2026-03-19',
      '2026-03-24',
      '2026-03-26',
      '2026-03-31',
      '2026-04-02',
    ]);
    expect(plan.occurrences[0]?.start).toEqual(new Date('2026-03-17T16:00:00Z'));
    expect(plan.occurrences[4]?.start).toEqual(new Date('2026-03-31T15:00:00Z'));
    expect(plan.occurrences[4]?.end).toEqual(new Date('2026-03-31T16:30:00Z'));
    expect(plan.skipped).toEqual([]);
    expect(plan.rule).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU,TH');
    expect(plan.lastDate).toBe('2026-04-06');
  });

  it('skips bank holidays and says so', () => {
    // Monday 25 May 2026 is the spring bank holiday.
    const plan = planRecurrence(
      {
        weekdays: [1],
        startClock: '10:00',
        durationMinutes: 60,
        firstDate: '2026-05-18',
        until: '2026-06-01',
      },
      'england_and_wales',
    );
    expect(plan.occurrences.map((o) => o.dateKey)).toEqual(['2026-05-18', '2026-06-01']);
    expect(plan.skipped).toEqual([
      {
        dateKey: '2026-05-25',
        reason: 'bank_holiday',
        message: 'Monday 25 May 2026 is a bank holiday: no session is planned that day.',
      },
    ]);
  });

  const mondays = { weekdays: [1] as Weekday[], startClock: '16:00', durationMinutes: 90 };
  const skippedIn = (nation: (typeof BANK_HOLIDAY_NATIONS)[number], firstDate: string, until: string) =>
    planRecurrence({ ...mondays, firstDate, until }, nation).skipped.map((s) => s.dateKey);

  it('skips the bank holidays of the centre’s nation: Easter Monday in England and Wales, not in Scotland', () => {
    expect(skippedIn('england_and_wales', '2026-03-30', '2026-04-13')).toEqual(['2026-04-06']);
    expect(skippedIn('northern_ireland', '2026-03-30', '2026-04-13')).toEqual(['2026-04-06']);
    expect(skippedIn('scotland', '2026-03-30', '2026-04-13')).toEqual([]);
  });

  it('skips St Andrew’s Day in Scotland only', () => {
    expect(skippedIn('scotland', '2026-11-23', '2026-12-07')).toEqual(['2026-11-30']);
    expect(skippedIn('england_and_wales', '2026-11-23', '2026-12-07')).toEqual([]);
    expect(skippedIn('northern_ireland', '2026-11-23', '2026-12-07')).toEqual([]);
  });

  it('skips the Battle of the Boyne’s substitute Monday 13 July 2026 in Northern Ireland only', () => {
    expect(skippedIn('northern_ireland', '2026-07-06', '2026-07-20')).toEqual(['2026-07-13']);
    expect(skippedIn('england_and_wales', '2026-07-06', '2026-07-20')).toEqual([]);
    expect(skippedIn('scotland', '2026-07-06', '2026-07-20')).toEqual([]);
  });

  it('skips the first Monday of August in Scotland and the last elsewhere', () => {
    expect(skippedIn('scotland', '2026-08-03', '2026-08-31')).toEqual(['2026-08-03']);
    expect(skippedIn('england_and_wales', '2026-08-03', '2026-08-31')).toEqual(['2026-08-31']);
  });

  it('refuses a pattern it cannot plan, with every problem', () => {
    expect(
      validateRecurrence({ weekdays: [], startClock: '25:00', durationMinutes: 0, firstDate: '2026-02-30' }),
    ).toHaveLength(5);
    expect(() =>
      planRecurrence(
        {
          weekdays: [1],
          startClock: '10:00',
          durationMinutes: 60,
          firstDate: '2026-01-05',
          weeks: MAX_SERIES_WEEKS + 1,
        },
        'england_and_wales',
      ),
    ).toThrow(RangeError);
    expect(
      validateRecurrence({
        weekdays: [1],
        startClock: '10:00',
        durationMinutes: 60,
        firstDate: '2026-01-05',
        until: '2026-01-04',
      }),
    ).toEqual(['The last date must not be before the first.']);
  });

  const pattern = fc.record({
    weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    hour: fc.integer({ min: 7, max: 21 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    durationMinutes: fc.integer({ min: 30, max: 180 }),
    first: fc.integer({ min: 0, max: 3650 }),
    weeks: fc.integer({ min: 1, max: 30 }),
  });

  it('gives weeks × days − skipped sessions, none on a bank holiday, all at the London clock time', () => {
    fc.assert(
      fc.property(pattern, fc.constantFrom(...BANK_HOLIDAY_NATIONS), (p, nation) => {
        const startClock = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
        const firstDate = addDaysToDateKey('2024-01-01', p.first);
        const plan = planRecurrence(
          {
            weekdays: p.weekdays as Weekday[],
            startClock,
            durationMinutes: p.durationMinutes,
            firstDate,
            weeks: p.weeks,
          },
          nation,
        );
        expect(plan.occurrences.length).toBe(p.weeks * p.weekdays.length - plan.skipped.length);
        for (const o of plan.occurrences) {
          expect(isBankHoliday(o.dateKey, nation)).toBe(false);
          expect(p.weekdays).toContain(weekdayOfDateKey(o.dateKey));
          expect(londonDateKey(o.start)).toBe(o.dateKey);
          expect(formatLondonTime(o.start)).toBe(startClock);
          expect(o.end.getTime() - o.start.getTime()).toBe(p.durationMinutes * 60_000);
        }
        for (const s of plan.skipped) expect(isBankHoliday(s.dateKey, nation)).toBe(true);
        const keys = plan.occurrences.map((o) => o.dateKey);
        expect([...keys].sort()).toEqual(keys);
        expect(keys[0] === undefined || keys[0] >= firstDate).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
