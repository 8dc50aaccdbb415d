import type { BankHolidayNation, ChangeVia, StaffRole } from '@kinroom/schema';

export const ROLE_LABELS: Record<StaffRole, string> = {
  CENTRE_MANAGER: 'Centre manager',
  SUPERVISOR: 'Contact supervisor',
  SOCIAL_WORKER: 'Social worker',
  INTEGRATOR: 'Integration (machine client)',
  ADMIN: 'Admin',
};

/** Roles that work at a centre: the API refuses one without. */
export const CENTRE_ROLES: readonly StaffRole[] = ['CENTRE_MANAGER', 'SUPERVISOR'];

/** The nations whose bank holidays a council keeps, as a sentence names them ("the bank holidays of …"). */
export const NATION_LABELS: Record<BankHolidayNation, string> = {
  ENGLAND_AND_WALES: 'England and Wales',
  SCOTLAND: 'Scotland',
  NORTHERN_IRELAND: 'Northern Ireland',
};

export const VIA_LABELS: Record<ChangeVia, string> = {
  DASHBOARD: 'dashboard',
  API: 'API',
  IMPORT: 'import',
  COMMAND: 'set-up command',
  SIGN_IN: 'sign-in',
};

export const RECORD_LABELS: Record<string, string> = {
  centre: 'Centre',
  room: 'Room',
  staff_user: 'Staff',
  council: 'Council',
  api_key: 'API key',
};

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  address: 'address',
  openingHours: 'opening hours',
  turnoverMinutes: 'turnover (minutes)',
  centreId: 'centre',
  capacity: 'capacity',
  facilities: 'facilities',
  condition: 'condition',
  conditionNote: 'condition note',
  email: 'email',
  role: 'role',
  oidcSubject: 'sign-in subject',
  active: 'active',
  bankHolidayNation: 'bank holidays',
};

/** A field change in words: "name: Cedar → Cedar Garden". Values arrive as JSON; long ones are shortened. */
export function describeChange(c: { field: string; before: string | null; after: string | null }): string {
  const show = (v: string | null) => {
    if (v === null) return '—';
    let text: string;
    try {
      const parsed: unknown = JSON.parse(v);
      text = typeof parsed === 'string' ? parsed : Array.isArray(parsed) ? parsed.join(', ') : v;
    } catch {
      text = v;
    }
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  return `${FIELD_LABELS[c.field] ?? c.field}: ${show(c.before)} → ${show(c.after)}`;
}
