import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, validateOpeningHours, validateWeeklyPattern } from './opening-hours.js';

describe('DEFAULT_OPENING_HOURS', () => {
  it('is 07:00–23:00 every day (rule 1)', () => {
    for (const weekday of [0, 1, 2, 3, 4, 5, 6] as const) {
      expect(DEFAULT_OPENING_HOURS[weekday]).toEqual({ open: '07:00', close: '23:00' });
    }
    expect(validateOpeningHours(DEFAULT_OPENING_HOURS)).toEqual([]);
  });
});

describe('validateOpeningHours', () => {
  it('finds a day that closes before it opens, or has unreadable times', () => {
    expect(
      validateOpeningHours({
        ...DEFAULT_OPENING_HOURS,
        2: { open: '18:00', close: '09:00' },
        3: { open: '9', close: '17:00' },
      }),
    ).toEqual([
      'Day 2: the centre must open before it closes',
      'Day 3: opening and closing times must be HH:MM',
    ]);
  });
});

describe('validateWeeklyPattern', () => {
  it('accepts ordinary and overnight slots', () => {
    expect(
      validateWeeklyPattern([
        { weekday: 1, start: '08:45', end: '15:15' },
        { weekday: 5, start: '22:00', end: '06:00' },
        { weekday: 6, start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('finds bad weekdays and times', () => {
    expect(
      validateWeeklyPattern([
        { weekday: 7, start: '08:45', end: '15:15' },
        { weekday: 1, start: '24:00', end: '15:15' },
        { weekday: 1, start: '08:45', end: '3pm' },
      ]),
    ).toEqual([
      'Slot 1: weekday must be 0 (Sunday) to 6 (Saturday)',
      'Slot 2: start cannot be 24:00',
      'Slot 3: end must be an HH:MM time',
    ]);
  });
});
