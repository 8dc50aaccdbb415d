import { describe, expect, it } from 'vitest';
import { formatDateKeyCy, formatLondonDateCy } from './welsh-dates.js';

describe('Welsh dates', () => {
  it('names the day and the month in Welsh', () => {
    expect(formatDateKeyCy('2026-11-23')).toBe('Dydd Llun 23 Tachwedd 2026');
    expect(formatDateKeyCy('2027-02-04')).toBe('Dydd Iau 4 Chwefror 2027');
  });

  it('takes the London date of an instant', () => {
    expect(formatLondonDateCy(new Date('2026-07-01T23:30:00Z'))).toBe('Dydd Iau 2 Gorffennaf 2026');
  });
});
