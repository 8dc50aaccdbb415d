import { validateWeeklyPattern, type WeeklyPattern, type WeeklySlot } from '@kinroom/domain';

/** Day names as case systems write them, to the domain's weekday numbers (0 is Sunday). */
const DAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

/** Monday first, as a school week is written: `Fri-Mon` runs Friday, Saturday, Sunday, Monday. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

export type WeeklyHoursResult = { ok: true; pattern: WeeklyPattern } | { ok: false; message: string };

const HINT = 'write e.g. "Mon-Fri 08:45-15:15" or "Mon 09:00-15:00; Tue 09:00-12:30"';

function day(name: string): number | null {
  return DAYS[name.trim().toLowerCase()] ?? null;
}

function dayRange(from: number, to: number): number[] {
  const start = WEEK_ORDER.indexOf(from);
  const days: number[] = [];
  for (let i = 0; i < 7; i++) {
    const d = WEEK_ORDER[(start + i) % 7]!;
    days.push(d);
    if (d === to) break;
  }
  return days;
}

function parseDays(text: string): number[] | string {
  const days: number[] = [];
  for (const part of text.split(',')) {
    const ends = part.split(/[-–]/);
    if (ends.length > 2) return `"${part.trim()}" is not a day or a range of days`;
    const first = day(ends[0]!);
    const last = ends.length === 2 ? day(ends[1]!) : first;
    const unknown = first === null ? ends[0]! : last === null ? ends[1]! : null;
    if (unknown !== null) {
      return `"${unknown.trim()}" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)`;
    }
    days.push(...dayRange(first!, last!));
  }
  return days;
}

function clock(text: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/**
 * Reads a weekly pattern as case systems export it (a child's school hours, a parent's work pattern):
 * `Mon-Fri 08:45-15:15`, or slots separated by `;` such as `Mon 09:00-15:00; Tue,Thu 09:00-12:30`. Day names are
 * three letters or whole words in any case; a range runs through the week (`Sat-Sun`); times are `HH:MM` in London
 * time, an end at or before the start running overnight as the domain's weekly slots do. An empty cell is no
 * pattern. The result is checked with the domain's `validateWeeklyPattern`, and a problem is one plain sentence
 * naming the part that is wrong.
 */
export function parseWeeklyHours(text: string): WeeklyHoursResult {
  const slots: WeeklySlot[] = [];
  for (const raw of text.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^(\S+)\s+([^\s–-]+)[-–](\S+)$/.exec(entry.replace(/\s*([-–,])\s*/g, '$1'));
    if (!m) return { ok: false, message: `"${entry}" is not days and times: ${HINT}` };
    const days = parseDays(m[1]!);
    if (typeof days === 'string') return { ok: false, message: `${days}: ${HINT}` };
    const start = clock(m[2]!);
    const end = clock(m[3]!);
    if (!start || !end) {
      return {
        ok: false,
        message: `"${m[2]}-${m[3]}" is not a time range: times are HH:MM, e.g. 08:45-15:15`,
      };
    }
    for (const weekday of days) slots.push({ weekday, start, end });
  }
  const problems = validateWeeklyPattern(slots);
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return { ok: true, pattern: slots };
}
