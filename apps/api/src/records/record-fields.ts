/**
 * The fields of a child's records as the save services accept them (docs/records.md): each check refuses with
 * BAD_USER_INPUT naming the field (`extensions.field`) in plain words, and returns the value as it is stored.
 * `undefined` (left out) passes through as "keep it", `null` as "clear it".
 */
import { parseDateKey, validateWeeklyPattern, type WeeklySlot } from '@kinroom/domain';
import { badInput } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';

/** The longest a name, relationship, phone number, email or address may be. */
export const MAX_NAME = 200;
export const MAX_ADDRESS = 500;
export const MAX_EXTERNAL_ID = 100;

export function requiredText(value: unknown, field: string, label: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(`${label} is required.`, { field });
  const text = value.trim().replace(/\s+/g, ' ');
  if (text.length > max) throw badInput(`${label} is longer than ${max} characters.`, { field });
  return text;
}

export function optionalText(
  value: unknown,
  field: string,
  label: string,
  max: number,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return requiredText(value, field, label, max);
}

export function optionalExternalId(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    throw badInput('The case-system id cannot be empty: leave it out instead.', { field: 'externalId' });
  }
  const id = value.trim();
  if (id.length > MAX_EXTERNAL_ID) {
    throw badInput(`The case-system id is longer than ${MAX_EXTERNAL_ID} characters.`, {
      field: 'externalId',
    });
  }
  return id;
}

const PHONE = /^\+?[0-9 ()-]{5,30}$/;

export function optionalPhone(value: unknown, field: string): string | null | undefined {
  const text = optionalText(value, field, 'The telephone number', 40);
  if (text && !(PHONE.test(text) && /\d{5}/.test(text.replace(/\D/g, '')))) {
    throw badInput('The telephone number may only hold digits, spaces, brackets, dashes and a leading +.', {
      field,
    });
  }
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function optionalEmail(value: unknown, field: string): string | null | undefined {
  const text = optionalText(value, field, 'The email address', MAX_NAME);
  if (text && !EMAIL.test(text)) throw badInput('The email address is not valid.', { field });
  return text;
}

/** A 'YYYY-MM-DD' calendar date, no later than today in London and no earlier than 1900. */
export function requiredDate(value: unknown, field: string, label: string, today: string): string {
  if (typeof value !== 'string') throw badInput(`${label} is required, as YYYY-MM-DD.`, { field });
  try {
    parseDateKey(value);
  } catch {
    throw badInput(`${label} must be a calendar date written YYYY-MM-DD.`, { field });
  }
  if (value > today) throw badInput(`${label} cannot be in the future.`, { field });
  if (value < '1900-01-01') throw badInput(`${label} is too long ago.`, { field });
  return value;
}

export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw badInput('That is not a Kinroom id.', { field });
  return value.toLowerCase();
}

/** A weekly pattern (school, work) the scheduling rules can read; `null` clears it. At most 50 slots. */
export function weeklyPattern(value: unknown, field: string): WeeklySlot[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw badInput('A weekly pattern is a list of slots.', { field });
  if (value.length > 50) throw badInput('A weekly pattern has at most 50 slots.', { field });
  const slots: WeeklySlot[] = value.map((s: unknown) => {
    const slot = (s ?? {}) as Partial<WeeklySlot>;
    return { weekday: slot.weekday as number, start: slot.start as string, end: slot.end as string };
  });
  const problems = validateWeeklyPattern(slots);
  if (problems.length > 0) throw badInput(`${problems.join('; ')}.`, { field, problems });
  return slots;
}
