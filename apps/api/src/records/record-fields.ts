/**
 * The fields of a child's records as the save services accept them (docs/records.md): each check refuses with
 * BAD_USER_INPUT naming the field (`extensions.field`) in plain words, and returns the value as it is stored.
 * `undefined` (left out) passes through as "keep it", `null` as "clear it".
 */
import { isUkMobile, parseDateKey, validateWeeklyPattern, type WeeklySlot } from '@kinroom/domain';
import type { ContactChannel } from '../notifications/contact.js';
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

/** A UK mobile number, the only kind a text message reaches (`isUkMobile`); `null` clears it. */
export function optionalMobile(value: unknown, field: string): string | null | undefined {
  const text = optionalText(value, field, 'The mobile number', 40);
  if (text && !isUkMobile(text)) {
    throw badInput('The mobile number must be a UK mobile number, such as 07700 900123 or +44 7700 900123.', {
      field,
    });
  }
  return text;
}

/** The longest reason for "do not contact". */
export const MAX_DO_NOT_CONTACT_REASON = 500;

/** How a person asked to be reached, and whether they must not be contacted at all, as a save receives them. */
export interface ContactPreferencesInput {
  contactBy?: ContactChannel | null;
  doNotContact?: boolean | null;
  doNotContactReason?: string | null;
}

/**
 * A person's contact preferences as stored, checked against what the record holds now (`current`): the preferred
 * channel among those `allowed` for this kind of person; "do not contact" needs a reason, and the reason is cleared
 * when it is lifted. Each left out keeps its value.
 */
export function contactPreferences(
  input: ContactPreferencesInput,
  current: { doNotContact: boolean; doNotContactReason: string | null } | null,
  allowed: readonly ContactChannel[],
): { contactBy?: ContactChannel | null; doNotContact?: boolean; doNotContactReason?: string | null } {
  if (input.contactBy != null && !allowed.includes(input.contactBy)) {
    throw badInput(`This person can be contacted by ${allowed.map(channelWords).join(' or ')} only.`, {
      field: 'contactBy',
    });
  }
  const doNotContact =
    input.doNotContact === undefined || input.doNotContact === null ? undefined : input.doNotContact;
  const reasonGiven = optionalText(
    input.doNotContactReason,
    'doNotContactReason',
    'The reason for not contacting them',
    MAX_DO_NOT_CONTACT_REASON,
  );
  const blocked = doNotContact ?? current?.doNotContact ?? false;
  const reason = reasonGiven === undefined ? (current?.doNotContactReason ?? null) : reasonGiven;
  if (blocked && !reason) {
    throw badInput('Say why they must not be contacted.', { field: 'doNotContactReason' });
  }
  return {
    contactBy: input.contactBy,
    doNotContact,
    doNotContactReason: blocked ? reasonGiven : current?.doNotContactReason ? null : undefined,
  };
}

function channelWords(c: ContactChannel): string {
  return c === 'sms' ? 'text message' : c;
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
