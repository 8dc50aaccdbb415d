import { describe, expect, it } from 'vitest';
import { arDdydd, countCy, gyda, oDdydd } from './compose.js';
import { addressLines } from './index.js';

describe('Welsh words around names, dates and counts', () => {
  it('softens the day after "ar" and "o"', () => {
    expect(arDdydd(new Date('2026-11-24T16:00:00Z'))).toBe('ar ddydd Mawrth 24 Tachwedd 2026');
    expect(oDdydd(new Date('2026-10-19T16:30:00Z'))).toBe('o ddydd Llun 19 Hydref 2026');
  });

  it('writes "gydag" before a vowel and "gyda" before a consonant', () => {
    expect(gyda('Alex B.')).toBe('gydag Alex B.');
    expect(gyda('Ela')).toBe('gydag Ela');
    expect(gyda('Sam T.')).toBe('gyda Sam T.');
  });

  it('counts sessions with the feminine numbers, and digits past ten', () => {
    expect(countCy(2)).toBe('dwy');
    expect(countCy(3)).toBe('tair');
    expect(countCy(4)).toBe('pedair');
    expect(countCy(12)).toBe('12');
  });
});

describe('addressLines', () => {
  it('splits a recorded address at commas or line breaks, dropping empty parts', () => {
    expect(addressLines('2 High Street, Newtown,, NT1 2AB')).toEqual(['2 High Street', 'Newtown', 'NT1 2AB']);
    expect(addressLines('Flat 1\n2 High Street\nNewtown\nNT1 2AB\n')).toEqual([
      'Flat 1',
      '2 High Street',
      'Newtown',
      'NT1 2AB',
    ]);
  });
});
