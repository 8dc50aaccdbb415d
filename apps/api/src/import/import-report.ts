/** What became of one row: its record created, updated, found unchanged, or the row refused with its reasons. */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

/** One reason a row is refused: the column at fault (null for the row as a whole) and a plain message. */
export interface RowError {
  column: string | null;
  message: string;
}

/** A problem with a whole file; an import with any imports nothing. `line` is the file's line, when known. */
export interface FileError {
  file: string;
  line: number | null;
  message: string;
}

export interface RowReport {
  row: number;
  externalId: string | null;
  outcome: RowOutcome;
  errors: RowError[];
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

export interface FileReport extends Counts {
  file: string;
  rows: RowReport[];
}

/**
 * What an import did, or in a preview would do: per file and row. Stored with each run (`import_run.report`) and
 * printed by the command. Holds the case system's ids and the reasons for refusals, never a person's name, address
 * or contact details.
 */
export interface ImportReport extends Counts {
  dryRun: boolean;
  fileErrors: FileError[];
  files: FileReport[];
}

export function zeroCounts(): Counts {
  return { created: 0, updated: 0, unchanged: 0, refused: 0 };
}

export function addRow(file: FileReport, report: ImportReport, row: RowReport): void {
  file.rows.push(row);
  file[row.outcome] += 1;
  report[row.outcome] += 1;
}
