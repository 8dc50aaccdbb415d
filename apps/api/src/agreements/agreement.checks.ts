import { badInput } from '../common/errors.js';

export const MAX_TEXT = 2000;

/** A required piece of text, trimmed; refused empty or too long, naming the field. */
export function text(value: string | null | undefined, what: string, max = MAX_TEXT): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`${what} cannot be empty.`, { field: what });
  if (v.length > max) throw badInput(`${what} is longer than ${max} characters.`, { field: what });
  return v;
}

export function intBetween(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${what} must be a whole number from ${min} to ${max}.`, { field: what });
  }
  return value;
}

/** A moment that has happened: refused when not a real time or still to come. */
export function pastMoment(value: Date, what: string, now: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw badInput(`${what} must be a real date and time.`, { field: what });
  }
  if (value.getTime() > now.getTime()) throw badInput(`${what} cannot be in the future.`, { field: what });
  return value;
}

/** A list of short lines, blank ones dropped: at most `max` of them, each at most `length` characters. */
export function lines(list: readonly string[], what: string, max: number, length: number): string[] {
  const clean = list.map((c) => c.trim()).filter((c) => c.length > 0);
  if (clean.length > max) throw badInput(`At most ${max} ${what}.`, { field: what });
  if (clean.some((c) => c.length > length)) {
    throw badInput(`Each of the ${what} must be at most ${length} characters.`, { field: what });
  }
  return clean;
}
