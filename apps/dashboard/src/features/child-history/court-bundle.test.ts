import { describe, expect, it } from 'vitest';
import { bundleFileName, bundleRangeProblem, courtBundleUrl, defaultBundleRange } from './court-bundle';

describe('the court bundle form', () => {
  it('asks the API for the child and the range', () => {
    expect(courtBundleUrl('c-1', '2026-01-01', '2026-06-30')).toBe(
      '/api/children/c-1/court-bundle.pdf?from=2026-01-01&to=2026-06-30',
    );
  });

  it('starts with the year to today, in London dates', () => {
    // 23:30 UTC on 31 May is already 1 June in London.
    expect(defaultBundleRange(new Date('2026-05-31T23:30:00Z'))).toEqual({
      from: '2025-06-01',
      to: '2026-06-01',
    });
  });

  it('says what is wrong with a range before sending it', () => {
    expect(bundleRangeProblem('', '2026-01-01')).toBe('Choose both dates.');
    expect(bundleRangeProblem('2026-02-01', '2026-01-01')).toBe('The first date must not be after the last.');
    expect(bundleRangeProblem('2026-01-01', '2026-01-01')).toBeNull();
  });

  it('keeps the file name the API gives, and makes one when it gives none', () => {
    expect(
      bundleFileName('attachment; filename="court-bundle-MB-2026-01-01-to-2026-06-30.pdf"', 'a', 'b'),
    ).toBe('court-bundle-MB-2026-01-01-to-2026-06-30.pdf');
    expect(bundleFileName(null, '2026-01-01', '2026-06-30')).toBe(
      'court-bundle-2026-01-01-to-2026-06-30.pdf',
    );
  });
});
