import { describe, expect, it } from 'vitest';
import {
  checkSchedule,
  DEFAULT_MAX_SESSION_MINUTES,
  DEFAULT_MIN_SESSION_MINUTES,
  type ScheduleCheckInput,
} from './check-schedule.js';
import { DEFAULT_OPENING_HOURS, type OpeningHours, type WeeklyPattern } from './opening-hours.js';

const now = new Date('2026-06-01T09:00:00Z');
const range = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });
const codes = (input: ScheduleCheckInput): string[] => checkSchedule(input).map((v) => v.code);

const SCHOOL: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:45', end: '15:15' }));
const OFFICE: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '16:00' }));
const ALWAYS_OPEN: OpeningHours = {
  0: { open: '00:00', close: '24:00' },
  1: { open: '00:00', close: '24:00' },
  2: { open: '00:00', close: '24:00' },
  3: { open: '00:00', close: '24:00' },
  4: { open: '00:00', close: '24:00' },
  5: { open: '00:00', close: '24:00' },
  6: { open: '00:00', close: '24:00' },
};

describe('checkSchedule: a good time', () => {
  it('accepts an after-school session on a winter weekday', () => {
    // Tuesday 3 November 2026, 16:00–17:30 GMT.
    expect(
      checkSchedule({
        session: range('2026-11-03T16:00Z', '2026-11-03T17:30Z'),
        now,
        childSchool: SCHOOL,
        parentWork: [{ weekday: 2, start: '09:00', end: '15:00' }],
      }),
    ).toEqual([]);
  });

  it('reads school hours in London time in summer, not UTC', () => {
    // Wednesday 1 July 2026, 16:00–17:00 BST is 15:00–16:00 UTC; school ends 15:30 London.
    expect(
      codes({
        session: range('2026-07-01T15:00Z', '2026-07-01T16:00Z'),
        now,
        childSchool: [{ weekday: 3, start: '08:45', end: '15:30' }],
      }),
    ).toEqual([]);
    // 15:00 London in summer is 14:00 UTC, inside school hours.
    expect(
      codes({
        session: range('2026-07-01T14:00Z', '2026-07-01T15:00Z'),
        now,
        childSchool: [{ weekday: 3, start: '08:45', end: '15:30' }],
      }),
    ).toEqual(['clashes_with_school']);
  });

  it('accepts weekend and evening sessions (anti-social hours, rule 1)', () => {
    // Sunday 1 November 2026 07:15–08:15, and Monday 2 November 21:30–22:45.
    expect(
      codes({ session: range('2026-11-01T07:15Z', '2026-11-01T08:15Z'), now, childSchool: SCHOOL }),
    ).toEqual([]);
    expect(
      codes({ session: range('2026-11-02T21:30Z', '2026-11-02T22:45Z'), now, childSchool: SCHOOL }),
    ).toEqual([]);
  });
});

describe('checkSchedule: end_before_start', () => {
  it('reports only that, for an empty or reversed range', () => {
    expect(checkSchedule({ session: range('2026-11-03T16:00Z', '2026-11-03T16:00Z'), now })).toEqual([
      { code: 'end_before_start', message: 'The session must end after it starts' },
    ]);
    expect(
      codes({ session: range('2026-11-03T16:00Z', '2026-11-03T15:00Z'), now: new Date('2030-01-01') }),
    ).toEqual(['end_before_start']);
  });
});

describe('checkSchedule: in_the_past', () => {
  it('refuses a session that starts before now', () => {
    const session = range('2026-11-03T16:00Z', '2026-11-03T17:00Z');
    expect(codes({ session, now: new Date('2026-11-03T16:01Z') })).toEqual(['in_the_past']);
    expect(codes({ session, now: new Date('2026-11-03T16:00Z') })).toEqual([]);
  });

  it('says when, in London time', () => {
    const [v] = checkSchedule({
      session: range('2026-07-01T15:00Z', '2026-07-01T16:00Z'),
      now: new Date('2026-08-01T00:00Z'),
    });
    expect(v?.message).toBe('The session would start in the past (Wednesday 1 July 2026 at 16:00)');
  });
});

describe('checkSchedule: length', () => {
  it('uses 30 minutes to 4 hours by default', () => {
    expect([DEFAULT_MIN_SESSION_MINUTES, DEFAULT_MAX_SESSION_MINUTES]).toEqual([30, 240]);
    expect(codes({ session: range('2026-11-03T16:00Z', '2026-11-03T16:29Z'), now })).toEqual(['too_short']);
    expect(codes({ session: range('2026-11-03T16:00Z', '2026-11-03T16:30Z'), now })).toEqual([]);
    expect(codes({ session: range('2026-11-03T10:00Z', '2026-11-03T14:00Z'), now })).toEqual([]);
    expect(codes({ session: range('2026-11-03T10:00Z', '2026-11-03T14:01Z'), now })).toEqual(['too_long']);
  });

  it("takes the agreement's own limits", () => {
    const session = range('2026-11-03T16:00Z', '2026-11-03T17:00Z');
    expect(codes({ session, now, minMinutes: 90 })).toEqual(['too_short']);
    expect(codes({ session, now, maxMinutes: 45 })).toEqual(['too_long']);
    expect(checkSchedule({ session, now, maxMinutes: 45 })[0]?.message).toBe(
      'The session is 60 minutes long; the longest allowed is 45 minutes',
    );
  });
});

describe('checkSchedule: opening hours (rules 1 and 2)', () => {
  it("includes the parent's staggered arrival", () => {
    // Child at 07:00 means the parent at 06:45, before the 07:00 opening.
    expect(codes({ session: range('2026-11-03T07:00Z', '2026-11-03T08:00Z'), now })).toEqual([
      'outside_opening_hours',
    ]);
    expect(codes({ session: range('2026-11-03T07:15Z', '2026-11-03T08:15Z'), now })).toEqual([]);
  });

  it("includes the parent's staggered departure", () => {
    // Child leaves 22:45, parent 23:00: fine. Child leaves 22:50, parent 23:05: too late.
    expect(codes({ session: range('2026-11-03T21:45Z', '2026-11-03T22:45Z'), now })).toEqual([]);
    expect(codes({ session: range('2026-11-03T21:50Z', '2026-11-03T22:50Z'), now })).toEqual([
      'outside_opening_hours',
    ]);
  });

  it('reads opening hours in London time in summer', () => {
    // 07:15 BST is 06:15 UTC: the parent arrives 07:00 London, exactly at opening.
    expect(codes({ session: range('2026-07-01T06:15Z', '2026-07-01T07:15Z'), now })).toEqual([]);
    // 21:15–22:00 UTC is 22:15–23:00 BST: the parent leaves at 23:15, after closing.
    expect(codes({ session: range('2026-07-01T20:45Z', '2026-07-01T21:45Z'), now })).toEqual([]);
    expect(codes({ session: range('2026-07-01T21:15Z', '2026-07-01T22:00Z'), now })).toEqual([
      'outside_opening_hours',
    ]);
  });

  it('gets the spring-forward morning right', () => {
    // Sunday 29 March 2026: 07:30 BST is 06:30 UTC; the parent arrives 07:15 BST, after opening.
    expect(
      codes({ session: range('2026-03-29T06:30Z', '2026-03-29T07:30Z'), now: new Date('2026-03-01') }),
    ).toEqual([]);
    // 07:00 BST child, 06:45 BST parent: before opening.
    expect(
      codes({ session: range('2026-03-29T06:00Z', '2026-03-29T07:00Z'), now: new Date('2026-03-01') }),
    ).toEqual(['outside_opening_hours']);
  });

  it('gets the fall-back morning right', () => {
    // Sunday 25 October 2026: 07:15 GMT is 07:15 UTC.
    expect(codes({ session: range('2026-10-25T07:15Z', '2026-10-25T08:15Z'), now })).toEqual([]);
    expect(codes({ session: range('2026-10-25T06:15Z', '2026-10-25T07:15Z'), now })).toEqual([
      'outside_opening_hours',
    ]);
  });

  it('explains the problem in London times', () => {
    const [v] = checkSchedule({ session: range('2026-07-01T06:00Z', '2026-07-01T07:00Z'), now });
    expect(v?.message).toBe(
      "The parent's stay (06:45–08:15, arriving 15 minutes before the child and leaving 15 minutes after) " +
        "must fit within the centre's opening hours on Wednesday 1 July 2026: 07:00–23:00",
    );
  });

  it('refuses a day the centre is closed', () => {
    const hours: OpeningHours = { ...DEFAULT_OPENING_HOURS, 0: null };
    const result = checkSchedule({
      session: range('2026-11-01T12:00Z', '2026-11-01T13:00Z'),
      now,
      openingHours: hours,
    });
    expect(result).toEqual([
      { code: 'outside_opening_hours', message: 'The centre is closed on Sunday 1 November 2026' },
    ]);
  });

  it('accepts a close of 24:00 up to midnight', () => {
    expect(
      codes({ session: range('2026-11-03T22:45Z', '2026-11-03T23:45Z'), now, openingHours: ALWAYS_OPEN }),
    ).toEqual([]);
  });
});

describe('checkSchedule: spans_midnight', () => {
  it('refuses a stay that crosses London midnight, even when the centre never closes', () => {
    expect(
      codes({ session: range('2026-11-03T23:00Z', '2026-11-04T00:00Z'), now, openingHours: ALWAYS_OPEN }),
    ).toEqual(['spans_midnight', 'outside_opening_hours']);
  });

  it('uses London midnight in summer', () => {
    // 22:00–22:50 UTC is 23:00–23:50 BST; the parent leaves 00:05 BST the next day.
    expect(
      codes({ session: range('2026-07-01T22:00Z', '2026-07-01T22:50Z'), now, openingHours: ALWAYS_OPEN }),
    ).toEqual(['spans_midnight', 'outside_opening_hours']);
    // 23:30–00:30 UTC is 00:30–01:30 BST on 2 July: one London day.
    expect(
      codes({ session: range('2026-07-01T23:30Z', '2026-07-02T00:30Z'), now, openingHours: ALWAYS_OPEN }),
    ).toEqual([]);
  });
});

describe("checkSchedule: the child's school (rule 1)", () => {
  it("blocks the child's time", () => {
    // Monday 2 November 2026, 15:00–16:00 GMT; school until 15:15.
    const result = checkSchedule({
      session: range('2026-11-02T15:00Z', '2026-11-02T16:00Z'),
      now,
      childSchool: SCHOOL,
    });
    expect(result).toEqual([
      {
        code: 'clashes_with_school',
        message: "The session clashes with the child's school hours (Monday 08:45–15:15)",
      },
    ]);
  });

  it('does not block the stagger: the child is not at the centre then', () => {
    // Child from 15:15 exactly as school ends; the parent's arrival at 15:00 does not matter.
    expect(
      codes({ session: range('2026-11-02T15:15Z', '2026-11-02T16:15Z'), now, childSchool: SCHOOL }),
    ).toEqual([]);
  });

  it('only applies on school days', () => {
    expect(
      codes({ session: range('2026-11-07T10:00Z', '2026-11-07T11:00Z'), now, childSchool: SCHOOL }),
    ).toEqual([]);
  });
});

describe("checkSchedule: the parent's work (rule 1)", () => {
  it("blocks the parent's whole stay, stagger included", () => {
    // Work until 16:00. Child at 16:10 means the parent at 15:55: clash. Child at 16:15: parent at 16:00, fine.
    expect(
      codes({ session: range('2026-11-02T16:10Z', '2026-11-02T17:10Z'), now, parentWork: OFFICE }),
    ).toEqual(['clashes_with_parent_work']);
    expect(
      codes({ session: range('2026-11-02T16:15Z', '2026-11-02T17:15Z'), now, parentWork: OFFICE }),
    ).toEqual([]);
  });

  it('blocks the stay after the session too', () => {
    // An evening shift from 18:00: a session ending 17:50 keeps the parent until 18:05.
    const evening: WeeklyPattern = [{ weekday: 1, start: '18:00', end: '22:00' }];
    expect(
      codes({ session: range('2026-11-02T16:50Z', '2026-11-02T17:50Z'), now, parentWork: evening }),
    ).toEqual(['clashes_with_parent_work']);
  });

  it('understands overnight shifts that started the day before', () => {
    // Sunday night shift 22:00–07:00 runs into Monday morning.
    const nights: WeeklyPattern = [{ weekday: 0, start: '22:00', end: '07:00' }];
    expect(
      codes({ session: range('2026-11-02T07:15Z', '2026-11-02T08:15Z'), now, parentWork: nights }),
    ).toEqual([]);
    expect(
      codes({
        session: range('2026-11-02T07:00Z', '2026-11-02T08:00Z'),
        now,
        parentWork: nights,
        openingHours: ALWAYS_OPEN,
      }),
    ).toEqual(['clashes_with_parent_work']);
  });

  it('names the clashing slots in the message', () => {
    const [v] = checkSchedule({
      session: range('2026-11-02T12:00Z', '2026-11-02T13:00Z'),
      now,
      parentWork: OFFICE,
    });
    expect(v?.message).toBe(
      "The parent's stay (11:45–13:15) clashes with their work pattern (Monday 09:00–16:00)",
    );
  });

  it('reports school and work clashes together', () => {
    expect(
      codes({
        session: range('2026-11-02T12:00Z', '2026-11-02T13:00Z'),
        now,
        parentWork: OFFICE,
        childSchool: SCHOOL,
      }),
    ).toEqual(['clashes_with_school', 'clashes_with_parent_work']);
  });
});

describe('checkSchedule: malformed input', () => {
  it('throws rather than guessing', () => {
    const session = range('2026-11-02T16:00Z', '2026-11-02T17:00Z');
    expect(() =>
      checkSchedule({ session, now, parentWork: [{ weekday: 7, start: '09:00', end: '17:00' }] }),
    ).toThrow(RangeError);
    expect(() =>
      checkSchedule({ session, now, childSchool: [{ weekday: 1, start: '9am', end: '15:00' }] }),
    ).toThrow(RangeError);
  });
});
