/**
 * How long a child's contact record is kept (docs/domain.md rule 12).
 */
import { londonDateKey, parseDateKey, toDateKey } from '../time/london.js';

/** Age at which a child's contact record may be deleted (rule 12). */
export const RETENTION_AGE_YEARS = 75;

/** Years a record is kept after the death of a child who died before 18 (rule 12). */
export const RETENTION_YEARS_AFTER_CHILD_DEATH = 15;

function toKey(d: Date | string, what: string): string {
  if (typeof d === 'string') {
    parseDateKey(d);
    return d;
  }
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid ${what}`);
  return londonDateKey(d);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The same day `years` later; 29 February becomes 1 March in a year without one. 1 March, not 28 February,
 * because it is the later of the two: a retention date must never let a record go a day early, and by
 * 1 March the anniversary has certainly passed (it is also the date the law of Scotland, the one UK statute
 * on the point, gives for a leapling's birthday).
 */
export function addYearsToDateKey(key: string, years: number): string {
  const { year, month, day } = parseDateKey(key);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeap(target)) return toDateKey(target, 3, 1);
  return toDateKey(target, month, day);
}

/**
 * The last day a child's contact record must be kept, as `YYYY-MM-DD` (rule 12): the child's 75th birthday,
 * or, if the child died before their 18th birthday, 15 years after the date of death. A birthday on
 * 29 February counts as 1 March in other years (see {@link addYearsToDateKey}).
 *
 * Dates may be `YYYY-MM-DD` strings or `Date`s; a `Date` is read as its Europe/London calendar date, so
 * both UTC midnight and London midnight give the intended day. Throws `RangeError` for malformed dates or a
 * death before birth.
 */
export function retentionDate(input: {
  dateOfBirth: Date | string;
  dateOfDeath?: Date | string | null;
}): string {
  const birth = toKey(input.dateOfBirth, 'date of birth');
  if (input.dateOfDeath !== undefined && input.dateOfDeath !== null) {
    const death = toKey(input.dateOfDeath, 'date of death');
    if (death < birth) throw new RangeError('The date of death is before the date of birth');
    if (death < addYearsToDateKey(birth, 18)) {
      return addYearsToDateKey(death, RETENTION_YEARS_AFTER_CHILD_DEATH);
    }
  }
  return addYearsToDateKey(birth, RETENTION_AGE_YEARS);
}

/**
 * Whether a record kept until `retainUntil` (from {@link retentionDate}) may be deleted at `now` (rule 12).
 * The retention date itself is kept in full: deletion is allowed from the next London day, so a record is
 * never deleted while the day it must be kept until is still running anywhere in the centre's time zone.
 */
export function mayDelete(retainUntil: string, now: Date): boolean {
  parseDateKey(retainUntil);
  return londonDateKey(now) > retainUntil;
}
