import { describe, expect, it } from 'vitest';
import { londonFields, londonMoment, pastMoment, realDate } from './london-moment';

const WORDS = { missing: 'Give the day and time.', future: 'It cannot be in the future.' };

describe('a UK day and time typed into a form', () => {
  it('reads as London time, whatever the computer’s zone', () => {
    expect(londonMoment('2026-07-01', '09:30')?.toISOString()).toBe('2026-07-01T08:30:00.000Z');
    expect(londonMoment('2026-12-01', '09:30')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });

  it('is no moment when the day or time is missing or not real', () => {
    expect(londonMoment('2026-02-30', '09:30')).toBeNull();
    expect(londonMoment('2026-12-01', '9.30')).toBeNull();
    expect(londonMoment('', '09:30')).toBeNull();
    expect(londonMoment('2026-12-01', '')).toBeNull();
    expect(realDate('2026-02-28')).toBe(true);
    expect(realDate('2026-02-29')).toBe(false);
  });

  it('starts at the London day and minute of now', () => {
    expect(londonFields(new Date('2026-07-01T23:30:40Z'))).toEqual({ date: '2026-07-02', time: '00:30' });
  });
});

describe('a moment that has already happened', () => {
  const now = new Date('2026-07-01T12:00:00Z');

  it('is read as the instant, up to and including now', () => {
    expect(pastMoment('2026-07-01', '12:30', now, WORDS)).toEqual({ at: new Date('2026-07-01T11:30:00Z') });
    expect(pastMoment('2026-07-01', '13:00', now, WORDS)).toEqual({ at: now });
  });

  it('is refused in the form’s own words when it is to come, or missing', () => {
    expect(pastMoment('2026-07-01', '13:01', now, WORDS)).toEqual({ problem: WORDS.future });
    expect(pastMoment('', '10:00', now, WORDS)).toEqual({ problem: WORDS.missing });
    expect(pastMoment('2026-07-01', '', now, WORDS)).toEqual({ problem: WORDS.missing });
  });
});
