import type { WeeklyPattern } from '@kinroom/domain';
import { parse } from 'csv-parse/sync';
import type { FileError, RowError } from './import-report.js';
import { parseWeeklyHours } from './weekly-hours.js';

/** The four files of a case-system export, in the order they are imported so that references resolve (docs/import.md). */
export const IMPORT_KINDS = ['carers', 'children', 'familyMembers', 'cases'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const FILE_NAMES: Record<ImportKind, string> = {
  carers: 'carers.csv',
  children: 'children.csv',
  familyMembers: 'family-members.csv',
  cases: 'cases.csv',
};

/** Every file's columns, all of which its header must name (in any order), and no others. */
export const COLUMNS = {
  carers: ['carer_id', 'name', 'address', 'phone'],
  children: [
    'child_id',
    'first_name',
    'last_name',
    'date_of_birth',
    'date_of_death',
    'carer_id',
    'school_hours',
  ],
  familyMembers: [
    'family_member_id',
    'child_id',
    'first_name',
    'last_name',
    'relationship',
    'parental_responsibility',
    'phone',
    'email',
    'address',
    'work_pattern',
  ],
  cases: ['case_id', 'child_id', 'social_worker_email'],
} as const satisfies Record<ImportKind, readonly string[]>;

export interface CarerRow {
  carerId: string;
  name: string;
  address: string;
  phone: string | null;
}
export interface ChildRow {
  childId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  dateOfDeath: string | null;
  carerId: string | null;
  schoolPattern: WeeklyPattern;
}
export interface FamilyMemberRow {
  familyMemberId: string;
  childId: string;
  firstName: string;
  lastName: string;
  relationship: string;
  parentalResponsibility: boolean;
  phone: string | null;
  email: string | null;
  address: string | null;
  workPattern: WeeklyPattern;
}
export interface CaseRow {
  caseId: string;
  childId: string;
  socialWorkerEmail: string;
}

interface RowValues {
  carers: CarerRow;
  children: ChildRow;
  familyMembers: FamilyMemberRow;
  cases: CaseRow;
}

/** One data row: its row number as a spreadsheet shows it (the header is row 1), its id, and its values or errors. */
export interface ParsedRow<K extends ImportKind = ImportKind> {
  row: number;
  /** The case system's id of the row's record, when the row has one. */
  externalId: string | null;
  values: RowValues[K] | null;
  errors: RowError[];
}

export interface ParsedFile<K extends ImportKind = ImportKind> {
  kind: K;
  file: string;
  rows: ParsedRow<K>[];
}

export type ParsedFiles = { [K in ImportKind]?: ParsedFile<K> };

export interface ImportFile {
  /** The file's name: one of `carers.csv`, `children.csv`, `family-members.csv`, `cases.csv`. */
  name: string;
  content: string;
}

const MAX_CELL_CHARS = 2000;

/** Which of the four files a name is (any folder, any case); null when it is none of them. */
export function kindOfFile(name: string): ImportKind | null {
  const base = name.split(/[\\/]/).pop()!.trim().toLowerCase();
  return IMPORT_KINDS.find((k) => FILE_NAMES[k] === base) ?? null;
}

/**
 * Reads a date as case systems export it: `YYYY-MM-DD`, or `DD/MM/YYYY` as UK exports write it (one-digit day and
 * month allowed). Null when the text is no real calendar date.
 */
export function parseImportDate(text: string): string | null {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Reads one row's cells, collecting every problem rather than stopping at the first. */
class Cells {
  readonly errors: RowError[] = [];
  constructor(private readonly cells: Record<string, string>) {}

  optional(column: string): string | null {
    const v = (this.cells[column] ?? '').trim();
    if (v.length > MAX_CELL_CHARS) {
      this.errors.push({ column, message: `is longer than ${MAX_CELL_CHARS} characters` });
      return null;
    }
    return v === '' ? null : v;
  }

  required(column: string): string {
    const v = this.optional(column);
    if (v === null && !this.errors.some((e) => e.column === column)) {
      this.errors.push({ column, message: 'is empty; it is required' });
    }
    return v ?? '';
  }

  date(column: string, required: boolean): string | null {
    const v = required ? this.required(column) : this.optional(column);
    if (!v) return null;
    const date = parseImportDate(v);
    if (!date) {
      this.errors.push({
        column,
        message: `"${v}" is not a date: write YYYY-MM-DD or DD/MM/YYYY, e.g. 2016-03-31 or 31/03/2016`,
      });
    }
    return date;
  }

  yesNo(column: string): boolean {
    const v = this.required(column).toLowerCase();
    if (['yes', 'y', 'true'].includes(v)) return true;
    if (['no', 'n', 'false'].includes(v)) return false;
    if (v) this.errors.push({ column, message: `"${v}" is not yes or no` });
    return false;
  }

  weekly(column: string): WeeklyPattern {
    const v = this.optional(column);
    if (!v) return [];
    const parsed = parseWeeklyHours(v);
    if (parsed.ok) return parsed.pattern;
    this.errors.push({ column, message: parsed.message });
    return [];
  }
}

const READERS: { [K in ImportKind]: (c: Cells) => RowValues[K] } = {
  carers: (c) => ({
    carerId: c.required('carer_id'),
    name: c.required('name'),
    address: c.required('address'),
    phone: c.optional('phone'),
  }),
  children: (c) => ({
    childId: c.required('child_id'),
    firstName: c.required('first_name'),
    lastName: c.required('last_name'),
    dateOfBirth: c.date('date_of_birth', true) ?? '',
    dateOfDeath: c.date('date_of_death', false),
    carerId: c.optional('carer_id'),
    schoolPattern: c.weekly('school_hours'),
  }),
  familyMembers: (c) => ({
    familyMemberId: c.required('family_member_id'),
    childId: c.required('child_id'),
    firstName: c.required('first_name'),
    lastName: c.required('last_name'),
    relationship: c.required('relationship'),
    parentalResponsibility: c.yesNo('parental_responsibility'),
    phone: c.optional('phone'),
    email: c.optional('email'),
    address: c.optional('address'),
    workPattern: c.weekly('work_pattern'),
  }),
  cases: (c) => ({
    caseId: c.required('case_id'),
    childId: c.required('child_id'),
    socialWorkerEmail: c.required('social_worker_email').toLowerCase(),
  }),
};

const ID_COLUMN: Record<ImportKind, string> = {
  carers: 'carer_id',
  children: 'child_id',
  familyMembers: 'family_member_id',
  cases: 'case_id',
};

function parseOne<K extends ImportKind>(
  kind: K,
  file: ImportFile,
  errors: FileError[],
): ParsedFile<K> | null {
  const name = FILE_NAMES[kind];
  let records: string[][];
  try {
    records = parse(file.content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    errors.push({
      file: name,
      line: typeof e.lines === 'number' ? e.lines : null,
      message: `cannot be read as CSV: ${(e.message ?? '').split('\n')[0]}`,
    });
    return null;
  }
  const [header, ...data] = records;
  if (!header) {
    errors.push({ file: name, line: null, message: 'is empty: it needs a header row naming its columns' });
    return null;
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const expected: readonly string[] = COLUMNS[kind];
  const unknown = names.filter((n) => !expected.includes(n));
  const missing = expected.filter((n) => !names.includes(n));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    missing.length ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
    unknown.length
      ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`
      : '',
    twice.length ? `column${twice.length > 1 ? 's' : ''} named twice: ${twice.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) {
    errors.push({
      file: name,
      line: 1,
      message: `${problems.join('; ')}. Its header must name exactly: ${expected.join(', ')}`,
    });
    return null;
  }
  const rows: ParsedRow<K>[] = data.map((cells, i) => {
    const row = i + 2;
    if (cells.length !== names.length) {
      return {
        row,
        externalId: null,
        values: null,
        errors: [{ column: null, message: `has ${cells.length} cells; the header has ${names.length}` }],
      };
    }
    const reader = new Cells(Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])));
    const values = READERS[kind](reader);
    const externalId = reader.optional(ID_COLUMN[kind]);
    return { row, externalId, values: reader.errors.length ? null : values, errors: reader.errors };
  });
  markDuplicates(kind, rows);
  return { kind, file: name, rows };
}

/**
 * A record listed twice would be written twice, and the later row would win on one run and lose on none: each id
 * is once per file. A family member is once per child (one row per child they are family of), and their own
 * details must read the same on each of their rows.
 */
function markDuplicates(kind: ImportKind, rows: ParsedRow[]): void {
  const seen = new Map<string, ParsedRow>();
  const people = new Map<string, ParsedRow>();
  for (const r of rows) {
    if (!r.values || !r.externalId) continue;
    const fm = kind === 'familyMembers' ? (r.values as FamilyMemberRow) : null;
    const key = fm ? `${fm.familyMemberId}\u0000${fm.childId}` : r.externalId;
    const first = seen.get(key);
    if (first) {
      r.errors.push({
        column: ID_COLUMN[kind],
        message: fm
          ? `family member ${fm.familyMemberId} is listed for child ${fm.childId} already on row ${first.row}`
          : `${r.externalId} is listed already on row ${first.row}`,
      });
      r.values = null;
      continue;
    }
    seen.set(key, r);
    if (!fm) continue;
    const same = people.get(fm.familyMemberId);
    if (!same) {
      people.set(fm.familyMemberId, r);
    } else if (personOf(same.values as FamilyMemberRow) !== personOf(fm)) {
      r.errors.push({
        column: 'family_member_id',
        message: `family member ${fm.familyMemberId} has other details on row ${same.row}: their name, contact details and work pattern must read the same on each of their rows`,
      });
      r.values = null;
    }
  }
}

function personOf(f: FamilyMemberRow): string {
  return JSON.stringify([f.firstName, f.lastName, f.phone, f.email, f.address, f.workPattern]);
}

/**
 * Reads the files of one import: each by its name, its header checked, every row read and checked on its own.
 * Problems with a whole file (an unknown name, a file given twice, a header that does not match, text that is no
 * CSV) are file errors, and an import with any file error imports nothing.
 */
export function parseImportFiles(files: readonly ImportFile[]): { files: ParsedFiles; errors: FileError[] } {
  const errors: FileError[] = [];
  const parsed: ParsedFiles = {};
  const given = new Set<ImportKind>();
  if (files.length === 0) {
    errors.push({
      file: '',
      line: null,
      message: `no files: give one or more of ${Object.values(FILE_NAMES).join(', ')}`,
    });
  }
  for (const f of files) {
    const kind = kindOfFile(f.name);
    if (!kind) {
      errors.push({
        file: f.name,
        line: null,
        message: `is not one of the import’s files: name it ${Object.values(FILE_NAMES).join(', ')}`,
      });
      continue;
    }
    if (given.has(kind)) {
      errors.push({ file: FILE_NAMES[kind], line: null, message: 'is given twice' });
      continue;
    }
    given.add(kind);
    const one = parseOne(kind, f, errors);
    if (one) (parsed as Record<ImportKind, ParsedFile>)[kind] = one;
  }
  return { files: parsed, errors };
}

/** How many data rows the files hold together: the import's progress counts to this. */
export function rowCount(files: ParsedFiles): number {
  return IMPORT_KINDS.reduce((n, k) => n + (files[k]?.rows.length ?? 0), 0);
}
