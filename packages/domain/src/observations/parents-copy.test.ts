import { describe, expect, it } from 'vitest';
import { addMonthsToDateKey } from '../time/london.js';
import { compareParentsCopyDue, isParentsCopyOverdue, parentsCopyDueDate } from './parents-copy.js';

const due = (sessionStart: string): string => parentsCopyDueDate(new Date(sessionStart));

describe('parentsCopyDueDate (3 calendar months after the session)', () => {
  it('is the same day of the month 3 months on', () => {
    expect(due('2026-09-15T15:00:00Z')).toBe('2026-12-15');
    // Across the year's end.
    expect(due('2026-11-23T17:00:00Z')).toBe('2027-02-23');
  });

  it('falls on the last day of a shorter month (31 November does not exist)', () => {
    expect(due('2026-08-31T14:00:00Z')).toBe('2026-11-30');
    expect(due('2026-11-30T14:00:00Z')).toBe('2027-02-28');
    expect(due('2026-12-31T14:00:00Z')).toBe('2027-03-31');
  });

  it('knows leap years: 29 February exists in 2028, not in 2027 or 2100', () => {
    expect(due('2027-11-29T14:00:00Z')).toBe('2028-02-29');
    expect(due('2027-11-30T14:00:00Z')).toBe('2028-02-29');
    expect(due('2026-11-29T14:00:00Z')).toBe('2027-02-28');
    expect(addMonthsToDateKey('2099-11-30', 3)).toBe('2100-02-28');
    expect(addMonthsToDateKey('2399-11-30', 3)).toBe('2400-02-29');
  });

  it('counts from the London date, not the UTC one', () => {
    // 23:30 UTC on 31 July is 00:30 BST on 1 August; 22:30 UTC is still 31 July in London.
    expect(due('2026-07-31T23:30:00Z')).toBe('2026-11-01');
    expect(due('2026-07-31T22:30:00Z')).toBe('2026-10-31');
  });

  it('goes backwards as well as forwards', () => {
    expect(addMonthsToDateKey('2027-05-31', -3)).toBe('2027-02-28');
    expect(addMonthsToDateKey('2027-01-15', -1)).toBe('2026-12-15');
  });
});

describe('isParentsCopyOverdue', () => {
  it('is on time all through the due day, in London', () => {
    expect(isParentsCopyOverdue('2026-11-30', new Date('2026-11-30T23:59:00Z'))).toBe(false);
    expect(isParentsCopyOverdue('2026-11-30', new Date('2026-12-01T00:00:00Z'))).toBe(true);
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(isParentsCopyOverdue('2026-06-30', new Date('2026-06-30T22:30:00Z'))).toBe(false);
    expect(isParentsCopyOverdue('2026-06-30', new Date('2026-06-30T23:30:00Z'))).toBe(true);
  });
});

describe('compareParentsCopyDue', () => {
  it('puts the earliest due, hence every overdue copy, first', () => {
    const list = [
      { observationId: 'c', dueDate: '2027-03-01', sessionDate: '2026-12-01' },
      { observationId: 'b', dueDate: '2026-11-30', sessionDate: '2026-08-31' },
      { observationId: 'a', dueDate: '2026-11-30', sessionDate: '2026-08-30' },
    ];
    expect([...list].sort(compareParentsCopyDue).map((x) => x.observationId)).toEqual(['a', 'b', 'c']);
  });
});
