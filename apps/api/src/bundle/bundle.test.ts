import { describe, expect, it } from 'vitest';
import { KinroomError } from '../common/errors.js';
import { bundleRange } from './bundle.data.js';
import { bundleFileName } from './bundle.route.js';

describe('a court bundle’s file name', () => {
  it('holds the child’s initials and the range, never their name', () => {
    const range = { from: '2026-01-01', to: '2026-06-30' };
    expect(bundleFileName({ child: { firstName: 'Maisie', lastName: 'Carter' }, range })).toBe(
      'court-bundle-MC-2026-01-01-to-2026-06-30.pdf',
    );
    expect(bundleFileName({ child: { firstName: 'Zoë Ann', lastName: 'O’Neill' }, range })).toBe(
      'court-bundle-ZAO-2026-01-01-to-2026-06-30.pdf',
    );
  });
});

describe('a court bundle’s range', () => {
  const refusal = (from: unknown, to: unknown) => {
    try {
      bundleRange(from, to);
    } catch (err) {
      return err instanceof KinroomError ? [err.code, err.details.field] : err;
    }
    return null;
  };

  it('takes two calendar days, the first not after the second', () => {
    expect(bundleRange('2026-01-01', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(refusal(undefined, '2026-01-01')).toEqual(['BAD_USER_INPUT', 'from']);
    expect(refusal(['2026-01-01', '2026-01-02'], '2026-01-03')).toEqual(['BAD_USER_INPUT', 'from']);
    expect(refusal('2026-02-29', '2026-03-01')).toEqual(['BAD_USER_INPUT', 'from']);
    expect(refusal('2026-01-01', '01/02/2026')).toEqual(['BAD_USER_INPUT', 'to']);
    expect(refusal('2026-01-02', '2026-01-01')).toEqual(['BAD_USER_INPUT', 'from']);
    expect(refusal('1990-01-01', '2026-01-01')).toEqual(['BAD_USER_INPUT', 'to']);
  });
});
