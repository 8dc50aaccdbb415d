import { describe, expect, it } from 'vitest';
import { addYearsToDateKey, mayDelete, retentionDate } from './retention.js';

describe('retentionDate (rule 12)', () => {
  it("keeps a record until the child's 75th birthday", () => {
    expect(retentionDate({ dateOfBirth: '2015-06-12' })).toBe('2090-06-12');
    expect(retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: null })).toBe('2090-06-12');
  });

  it('keeps it 15 years after death for a child who died before 18', () => {
    expect(retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: '2020-01-31' })).toBe('2035-01-31');
    // The day before the 18th birthday still counts as a child's death.
    expect(retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: '2033-06-11' })).toBe('2048-06-11');
  });

  it('keeps the 75th birthday for someone who died at 18 or later', () => {
    expect(retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: '2033-06-12' })).toBe('2090-06-12');
    expect(retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: '2050-03-01' })).toBe('2090-06-12');
  });

  it('moves a 29 February birthday to 1 March when the year has none', () => {
    expect(retentionDate({ dateOfBirth: '2016-02-29' })).toBe('2091-03-01');
    expect(retentionDate({ dateOfBirth: '2020-02-29' })).toBe('2095-03-01');
    expect(addYearsToDateKey('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYearsToDateKey('2024-02-29', 76)).toBe('2100-03-01');
  });

  it('treats a leapling as 18 on 1 March in a common year', () => {
    // Born 29 February 2016; 18 on 1 March 2034. Dying on 28 February 2034 is dying as a child.
    expect(retentionDate({ dateOfBirth: '2016-02-29', dateOfDeath: '2034-02-28' })).toBe('2049-02-28');
    expect(retentionDate({ dateOfBirth: '2016-02-29', dateOfDeath: '2034-03-01' })).toBe('2091-03-01');
  });

  it('reads Date inputs as London calendar dates', () => {
    expect(retentionDate({ dateOfBirth: new Date('2015-06-12T00:00:00Z') })).toBe('2090-06-12');
    // London midnight in summer is 23:00 UTC the day before.
    expect(retentionDate({ dateOfBirth: new Date('2015-06-11T23:00:00Z') })).toBe('2090-06-12');
  });

  it('refuses nonsense', () => {
    expect(() => retentionDate({ dateOfBirth: '2015-13-01' })).toThrow(RangeError);
    expect(() => retentionDate({ dateOfBirth: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => retentionDate({ dateOfBirth: '2015-06-12', dateOfDeath: '2014-01-01' })).toThrow(RangeError);
  });
});

describe('mayDelete', () => {
  it('keeps the record through its retention date, by London date', () => {
    expect(mayDelete('2090-06-12', new Date('2090-06-11T12:00:00Z'))).toBe(false);
    expect(mayDelete('2090-06-12', new Date('2090-06-12T22:59:59Z'))).toBe(false);
    // 23:00 UTC on 12 June is already 13 June in London (BST).
    expect(mayDelete('2090-06-12', new Date('2090-06-12T23:00:00Z'))).toBe(true);
    expect(mayDelete('2090-06-12', new Date('2100-01-01T00:00:00Z'))).toBe(true);
  });

  it('never allows deleting a record of a living child', () => {
    expect(mayDelete(retentionDate({ dateOfBirth: '2015-06-12' }), new Date('2033-06-12T12:00:00Z'))).toBe(
      false,
    );
  });

  it('refuses a malformed date', () => {
    expect(() => mayDelete('12/06/2090', new Date('2100-01-01'))).toThrow(RangeError);
  });
});
