import type { EntityManager } from '@mikro-orm/postgresql';
import { KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import {
  assignCase,
  findIdByExternalId,
  linkFamilyMember,
  saveCarer,
  saveChild,
  saveFamilyMember,
  type RecordKind,
  type SaveOutcome,
  type Writer,
} from '../records/save.js';
import {
  FILE_NAMES,
  IMPORT_KINDS,
  type CarerRow,
  type CaseRow,
  type ChildRow,
  type FamilyMemberRow,
  type ImportKind,
  type ParsedFiles,
} from './import-files.js';
import { addRow, zeroCounts, type FileReport, type ImportReport, type RowError } from './import-report.js';

/** The input fields of the save services (records/save.ts), by the column of the file that feeds each. */
const COLUMN_OF_FIELD: Record<ImportKind, Record<string, string>> = {
  carers: { externalId: 'carer_id', name: 'name', address: 'address', phone: 'phone' },
  children: {
    externalId: 'child_id',
    firstName: 'first_name',
    lastName: 'last_name',
    dateOfBirth: 'date_of_birth',
    dateOfDeath: 'date_of_death',
    carerId: 'carer_id',
    schoolPattern: 'school_hours',
  },
  familyMembers: {
    externalId: 'family_member_id',
    familyMemberId: 'family_member_id',
    childId: 'child_id',
    firstName: 'first_name',
    lastName: 'last_name',
    relationship: 'relationship',
    parentalResponsibility: 'parental_responsibility',
    phone: 'phone',
    email: 'email',
    address: 'address',
    workPattern: 'work_pattern',
  },
  cases: { externalId: 'case_id', childId: 'child_id', socialWorkerId: 'social_worker_email' },
};

/** A row that cannot be saved, for a reason found before any save was asked. */
class RowRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super(errors[0]?.message ?? 'refused');
  }
}

/**
 * How each row runs: in a transaction of its own (an import), or in a savepoint of one transaction that is rolled
 * back at the end (a preview). Either way a refused row leaves nothing of itself and the others go on.
 */
export type RowScope = <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>;

export interface ImportRowsOptions {
  dryRun: boolean;
  /** Called after each row with the number of rows done so far. */
  onRow?: (done: number) => void;
  /** An error no row explains (a fault of ours): logged by the caller, the row is refused in plain words. */
  logError?: (err: unknown) => void;
}

/**
 * Writes the files' rows through the record services (records/save.ts), in the order carers, children, family
 * members, cases, so that each file's references find the records of the files before it. Every row is keyed by
 * the case system's id, so running the same files again finds every record unchanged.
 *
 * A fault that stops every row alike (the database unreachable) ends the import with that error rather than
 * refusing the remaining rows one by one.
 */
export async function importRows(
  em: EntityManager,
  scope: RowScope,
  writer: Writer,
  files: ParsedFiles,
  options: ImportRowsOptions,
): Promise<ImportReport> {
  const report: ImportReport = { dryRun: options.dryRun, fileErrors: [], files: [], ...zeroCounts() };
  const refused: Record<ImportKind, Map<string, number>> = {
    carers: new Map(),
    children: new Map(),
    familyMembers: new Map(),
    cases: new Map(),
  };
  const ctx: RowContext = { em, writer, refused };
  let done = 0;
  for (const kind of IMPORT_KINDS) {
    const file = files[kind];
    if (!file) continue;
    const fileReport: FileReport = { file: file.file, rows: [], ...zeroCounts() };
    report.files.push(fileReport);
    for (const row of file.rows) {
      let outcome: SaveOutcome | null = null;
      let errors: RowError[] = row.errors;
      if (row.values) {
        try {
          outcome = await scope((rowEm) => SAVE[kind]({ ...ctx, em: rowEm }, row.values as never));
        } catch (err) {
          errors = rowErrors(kind, err, options.logError);
        }
      }
      if (!outcome && row.externalId) refused[kind].set(row.externalId, row.row);
      addRow(fileReport, report, {
        row: row.row,
        externalId: row.externalId,
        outcome: outcome ?? 'refused',
        errors: outcome ? [] : errors,
      });
      done += 1;
      options.onRow?.(done);
    }
  }
  return report;
}

interface RowContext {
  em: EntityManager;
  writer: Writer;
  /** The rows refused so far, by the case system's id: a reference to one says so rather than "not found". */
  refused: Record<ImportKind, Map<string, number>>;
}

const SAVE: { [K in ImportKind]: (ctx: RowContext, row: never) => Promise<SaveOutcome> } = {
  carers: async (ctx, row: CarerRow) =>
    (
      await saveCarer(ctx.em, ctx.writer, {
        externalId: row.carerId,
        name: row.name,
        address: row.address,
        phone: row.phone,
      })
    ).outcome,

  children: async (ctx, row: ChildRow) => {
    const carerId = row.carerId ? await reference(ctx, 'carers', 'carer_id', row.carerId) : null;
    return (
      await saveChild(ctx.em, ctx.writer, {
        externalId: row.childId,
        firstName: row.firstName,
        lastName: row.lastName,
        dateOfBirth: row.dateOfBirth,
        dateOfDeath: row.dateOfDeath,
        carerId,
        schoolPattern: row.schoolPattern,
      })
    ).outcome;
  },

  familyMembers: async (ctx, row: FamilyMemberRow) => {
    const childId = await reference(ctx, 'children', 'child_id', row.childId);
    const member = await saveFamilyMember(ctx.em, ctx.writer, {
      externalId: row.familyMemberId,
      firstName: row.firstName,
      lastName: row.lastName,
      phone: row.phone,
      email: row.email,
      address: row.address,
      workPattern: row.workPattern,
    });
    const link = await linkFamilyMember(ctx.em, ctx.writer, {
      childId,
      familyMemberId: member.id,
      relationship: row.relationship,
      parentalResponsibility: row.parentalResponsibility,
    });
    // The row is the family member as one child's: new when the link is, whether or not the person was.
    if (link === 'created') return 'created';
    return member.outcome !== 'unchanged' || link !== 'unchanged' ? 'updated' : 'unchanged';
  },

  cases: async (ctx, row: CaseRow) => {
    const childId = await reference(ctx, 'children', 'child_id', row.childId);
    const [worker] = await ctx.em.execute<{ id: string }[]>(
      'select id from staff_user where council_id = ? and lower(email) = ?',
      [ctx.writer.councilId, row.socialWorkerEmail],
    );
    if (!worker) {
      throw new RowRefused([
        {
          column: 'social_worker_email',
          message: `no member of staff of this council has the email ${row.socialWorkerEmail}`,
        },
      ]);
    }
    return (
      await assignCase(ctx.em, ctx.writer, { childId, socialWorkerId: worker.id, externalId: row.caseId })
    ).outcome;
  },
};

const RECORD_KIND: Record<'carers' | 'children', RecordKind> = { carers: 'carer', children: 'child' };

/** The Kinroom id of a record named by its case-system id: imported earlier in this run, or already in Kinroom. */
async function reference(
  ctx: RowContext,
  kind: 'carers' | 'children',
  column: string,
  externalId: string,
): Promise<string> {
  const id = await findIdByExternalId(ctx.em, ctx.writer.councilId, RECORD_KIND[kind], externalId);
  if (id) return id;
  const refusedOn = ctx.refused[kind].get(externalId);
  throw new RowRefused([
    {
      column,
      message:
        refusedOn !== undefined
          ? `${RECORD_KIND[kind]} ${externalId} was refused on row ${refusedOn} of ${FILE_NAMES[kind]}`
          : `no ${RECORD_KIND[kind]} ${externalId} in ${FILE_NAMES[kind]} or in Kinroom`,
    },
  ]);
}

/** A row's refusal in the file's words: the column at fault, when the error names a field, and a plain message. */
function rowErrors(kind: ImportKind, err: unknown, logError?: (err: unknown) => void): RowError[] {
  if (err instanceof RowRefused) return err.errors;
  const known = err instanceof KinroomError ? err : translateDatabaseError(err);
  if (known?.code === 'SERVICE_UNAVAILABLE') throw known;
  if (!known) {
    logError?.(err);
    return [
      { column: null, message: 'could not be saved because of a fault on our side; it has been logged' },
    ];
  }
  const field = typeof known.details.field === 'string' ? known.details.field : null;
  return [{ column: field ? (COLUMN_OF_FIELD[kind][field] ?? null) : null, message: known.message }];
}
