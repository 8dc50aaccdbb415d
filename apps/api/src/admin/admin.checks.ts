import { badInput } from '../common/errors.js';
import { uniqueViolation } from '../db/database-errors.js';

/** A required line of text, trimmed: refused when empty or longer than `max`, naming the field. */
export function requiredText(field: string, label: string, value: string, max: number): string {
  const text = value.trim();
  if (!text) throw badInput(`Give the ${label}.`, { field });
  if (text.length > max) throw badInput(`The ${label} is longer than ${max} characters.`, { field });
  return text;
}

/** An optional line of text, trimmed; empty is null. */
export function optionalText(field: string, label: string, value: string | null, max: number): string | null {
  const text = value?.trim() ?? '';
  if (!text) return null;
  if (text.length > max) throw badInput(`The ${label} is longer than ${max} characters.`, { field });
  return text;
}

/** A whole number within bounds, naming the field when it is not. */
export function wholeNumber(field: string, label: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`The ${label} must be a whole number from ${min} to ${max}.`, { field });
  }
  return value;
}

/** Whether a database error is the unique violation of `constraint` (a race the check before it lost). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  return uniqueViolation(err) === constraint;
}
