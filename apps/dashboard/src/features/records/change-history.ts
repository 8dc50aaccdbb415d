import type { WeeklyPattern } from '@kinroom/domain';
import { calendarDate, londonDateTime } from '../../shared/london-time';
import { patternText } from '../../shared/weekly-pattern-editor';

/** One field of a change, as the API sends it: its value before and after, each as JSON (null: none). */
export interface FieldChangeLike {
  field: string;
  before?: string | null;
  after?: string | null;
}

export interface ChangeLike {
  action: string;
  recordType: string;
  via: string;
  at: string;
  changedBy?: { name: string } | null;
  fields: readonly FieldChangeLike[];
  /** Whose record it is, when not the child's own: the family member's or carer's name. */
  subject?: string | null;
}

/** The record's fields in words, by the names the API stores them under. */
const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  dateOfDeath: 'Date of death',
  schoolPattern: 'School timetable',
  carerId: 'Carer',
  retainUntil: 'Record kept until',
  externalId: 'Case-system id',
  name: 'Name',
  address: 'Address',
  phone: 'Telephone',
  email: 'Email',
  workPattern: 'Work pattern',
  relationship: 'Relationship',
  parentalResponsibility: 'Parental responsibility',
  familyMemberId: 'Family member',
  socialWorkerId: 'Social worker',
  closedAt: 'Closed',
};

/** Fields that say which records a change joins, not what changed: the heading says it already. */
const HIDDEN = new Set(['childId']);

const RECORD: Record<string, string> = {
  child: 'Details',
  carer: 'Carer',
  family_member: 'Family member',
  child_case: 'Case',
};

const ACTIONS: Record<string, string> = {
  family_linked: 'Family member added',
  family_link_changed: 'Family member’s relationship changed',
  family_unlinked: 'Family member removed from the child',
  opened: 'Case opened',
  transferred: 'Case transferred',
  closed: 'Case closed',
};

const VIA: Record<string, string> = {
  dashboard: 'in the dashboard',
  api: 'through the API',
  import: 'by an import from the case system',
  command: 'by a set-up command',
  sign_in: 'at sign-in',
};

/** "Details changed", "Case transferred", "Family member added", "Family member Jess Hart: details changed". */
export function changeTitle(c: ChangeLike): string {
  if (ACTIONS[c.action]) return ACTIONS[c.action]!;
  if (c.subject && (c.recordType === 'family_member' || c.recordType === 'carer')) {
    const whose = c.recordType === 'carer' ? 'Carer' : 'Family member';
    return c.action === 'created'
      ? `${whose} ${c.subject} recorded`
      : `${whose} ${c.subject}: details ${c.action === 'updated' ? 'changed' : c.action}`;
  }
  const what = RECORD[c.recordType] ?? c.recordType.replace(/_/g, ' ');
  const verb = c.action === 'created' ? 'recorded' : c.action === 'updated' ? 'changed' : c.action;
  return `${what} ${verb}`;
}

/** "Aisha Khan, in the dashboard, Mon 7 Dec 2026, 14:02". */
export function changeByline(c: ChangeLike): string {
  const who = c.changedBy?.name ?? 'Kinroom set-up';
  return `${who}, ${VIA[c.via.toLowerCase()] ?? c.via.toLowerCase()}, ${londonDateTime(c.at)}`;
}

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function isPattern(v: unknown): v is WeeklyPattern {
  return Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && 'weekday' in s);
}

/**
 * A stored value in words: dates as dates, a weekly pattern as its days, yes or no, a person's name for their id
 * (`nameOf`), and "none" for nothing.
 */
export function valueText(json: string | null | undefined, nameOf: (id: string) => string | null): string {
  if (json === null || json === undefined) return 'none';
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = json;
  }
  if (v === null || v === '') return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (isPattern(v)) return patternText(v, 'none');
  if (typeof v === 'string') {
    if (DATE_KEY.test(v)) return calendarDate(v);
    if (INSTANT.test(v)) return londonDateTime(v);
    return nameOf(v) ?? v;
  }
  return JSON.stringify(v);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reference to another record is its name where the screen knows it, else only that one was set. */
function fieldValue(field: string, json: string | null | undefined, nameOf: (id: string) => string | null) {
  const text = valueText(json, nameOf);
  return UUID.test(text) && field !== 'externalId' ? 'another record' : text;
}

export interface ChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The fields a change touched, in words, before and after. */
export function changeLines(c: ChangeLike, nameOf: (id: string) => string | null = () => null): ChangeLine[] {
  return c.fields
    .filter((f) => !HIDDEN.has(f.field))
    .map((f) => ({
      field: f.field,
      label: FIELD_LABELS[f.field] ?? f.field,
      before: fieldValue(f.field, f.before, nameOf),
      after: fieldValue(f.field, f.after, nameOf),
    }));
}
