import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { badInput, KinroomError } from '../common/errors.js';
import type { Writer } from '../records/save.js';
import {
  FILE_NAMES,
  IMPORT_KINDS,
  parseImportFiles,
  rowCount,
  type ImportFile,
  type ParsedFiles,
} from './import-files.js';
import { zeroCounts, type ImportReport } from './import-report.js';
import { importRows, type RowScope } from './import-rows.js';

/** How often a running import writes its progress, which is also its sign of life. */
export const PROGRESS_EVERY_MS = 500;
/** A run that has not beaten for this long was stopped with its process: it is marked failed. */
export const INTERRUPTED_AFTER_SECONDS = 30;

export type ImportVia = 'dashboard' | 'command';
export type ImportRunStatus = 'running' | 'succeeded' | 'failed';

/** One run of an import as stored (`import_run`), with the name of the admin who started it. */
export interface ImportRunRecord {
  id: string;
  status: ImportRunStatus;
  via: ImportVia;
  files: string[];
  rowsTotal: number;
  rowsDone: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  report: ImportReport | null;
  failure: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  startedByName: string;
}

export interface ImportLog {
  /** A fault of ours while importing: kept in the server's log, never shown to the admin. */
  error(err: unknown): void;
}

/** Runs started in this process and not finished yet: the server and tests wait for them before closing. */
const inProcess = new Set<Promise<unknown>>();

/** Resolves when every import started in this process has finished. */
export async function importsSettled(): Promise<void> {
  while (inProcess.size > 0) await Promise.allSettled([...inProcess]);
}

function parsed(files: readonly ImportFile[]): { files: ParsedFiles; report: ImportReport | null } {
  const result = parseImportFiles(files);
  if (result.errors.length === 0) return { files: result.files, report: null };
  return {
    files: result.files,
    report: {
      dryRun: true,
      fileErrors: result.errors,
      files: [],
      ...zeroCounts(),
    },
  };
}

/**
 * A dry run: every row is checked and written exactly as the import would (the same code, each row in a savepoint)
 * inside one transaction that is then rolled back, so the report says what the import would do and nothing changes.
 * Files with a file error are reported without any row being tried.
 */
export async function previewImport(
  em: EntityManager,
  writer: Writer,
  files: readonly ImportFile[],
  log: ImportLog,
): Promise<ImportReport> {
  const input = parsed(files);
  if (input.report) return input.report;
  const outer = em.fork();
  let report: ImportReport | null = null;
  const rollBack = new Error('preview: roll back');
  try {
    await outer.transactional(async (tx) => {
      const scope: RowScope = (work) =>
        tx.fork({ clear: true, keepTransactionContext: true }).transactional(work);
      report = await importRows(tx, scope, writer, input.files, { dryRun: true, logError: log.error });
      throw rollBack;
    });
  } catch (err) {
    if (err !== rollBack) throw err;
  }
  return report!;
}

/**
 * Checks the files and records a new run (`running`), one at a time per council: CONFLICT while another of the
 * council's imports runs. A file error refuses the import (BAD_USER_INPUT, with every file error in
 * `extensions.fileErrors`) and records nothing.
 */
export async function startImportRun(
  em: EntityManager,
  writer: Writer & { userId: string },
  files: readonly ImportFile[],
  via: ImportVia,
): Promise<{ runId: string; files: ParsedFiles }> {
  const input = parsed(files);
  if (input.report) {
    const errors = input.report.fileErrors;
    throw badInput(
      `The files cannot be imported: ${errors.map((e) => `${e.file} ${e.message}`.trim()).join('; ')}`,
      { fileErrors: errors },
    );
  }
  await failInterruptedRuns(em, writer.councilId);
  const runId = randomUUID();
  const names = IMPORT_KINDS.filter((k) => input.files[k]).map((k) => FILE_NAMES[k]);
  try {
    await em.execute(
      `insert into import_run (id, council_id, started_by_id, via, status, files, rows_total)
         values (?, ?, ?, ?, 'running', ?, ?)`,
      [runId, writer.councilId, writer.userId, via, `{${names.join(',')}}`, rowCount(input.files)],
    );
  } catch (err) {
    if ((err as { code?: string }).code === '23505' || /import_run_one_running/.test(String(err))) {
      throw new KinroomError(
        'CONFLICT',
        'Another import is running for this council: wait for it to finish, then import again.',
      );
    }
    throw err;
  }
  return { runId, files: input.files };
}

/**
 * Imports a run's rows, each in a transaction of its own, writing the progress every {@link PROGRESS_EVERY_MS}
 * and the report at the end. Resolves with the report; a fault that stops the whole run (the database gone) marks
 * it failed and rejects.
 */
export async function executeImportRun(
  em: EntityManager,
  runId: string,
  writer: Writer,
  files: ParsedFiles,
  log: ImportLog,
  onRow?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const total = rowCount(files);
  let done = 0;
  let written = -1;
  const beat = async () => {
    if (written === done && done !== 0) {
      await em.execute(`update import_run set heartbeat_at = now() where id = ? and status = 'running'`, [
        runId,
      ]);
    } else {
      const now = done;
      await em.execute(
        `update import_run set rows_done = ?, heartbeat_at = now() where id = ? and status = 'running'`,
        [now, runId],
      );
      written = now;
    }
  };
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(beat).catch((err: unknown) => log.error(err));
  }, PROGRESS_EVERY_MS);
  timer.unref();
  const scope: RowScope = (work) => em.fork().transactional(work);
  try {
    const report = await importRows(em.fork(), scope, writer, files, {
      dryRun: false,
      logError: log.error,
      onRow: (n) => {
        done = n;
        onRow?.(n, total);
      },
    });
    clearInterval(timer);
    await beating;
    await em.execute(
      `update import_run set status = 'succeeded', rows_done = rows_total, created = ?, updated = ?, unchanged = ?,
              refused = ?, report = ?::jsonb, heartbeat_at = now(), finished_at = now()
        where id = ?`,
      [report.created, report.updated, report.unchanged, report.refused, JSON.stringify(report), runId],
    );
    return report;
  } catch (err) {
    clearInterval(timer);
    await beating;
    const reason =
      err instanceof KinroomError
        ? err.message
        : 'The import stopped because of a fault on our side; it has been logged.';
    if (!(err instanceof KinroomError)) log.error(err);
    await em
      .execute(
        `update import_run set status = 'failed', failure = ?, rows_done = ?, heartbeat_at = now(), finished_at = now()
          where id = ? and status = 'running'`,
        [
          `${reason} Nothing after row ${done} of ${total} was imported; importing again is safe.`,
          done,
          runId,
        ],
      )
      .catch((e: unknown) => log.error(e));
    throw err;
  }
}

/** Runs an import in the background of this process; its progress and report are read with {@link readImportRun}. */
export function runInBackground(
  em: EntityManager,
  runId: string,
  writer: Writer,
  files: ParsedFiles,
  log: ImportLog,
): void {
  const run = executeImportRun(em.fork(), runId, writer, files, log).catch(() => {});
  inProcess.add(run);
  void run.finally(() => inProcess.delete(run));
}

/**
 * Marks failed the council's runs that stopped beating: their process stopped while they ran (a restart, a crash).
 * Called when the server starts and whenever runs are read or started, so that no run stays "running" for ever.
 */
export async function failInterruptedRuns(em: EntityManager, councilId?: string): Promise<void> {
  await em.execute(
    `update import_run
        set status = 'failed', finished_at = now(),
            failure = 'The import was interrupted (the server stopped while it ran) after ' || rows_done || ' of '
                      || rows_total || ' rows. Importing the same files again is safe: what was imported is found unchanged.'
      where status = 'running' and heartbeat_at < now() - make_interval(secs => ?)
        ${councilId ? 'and council_id = ?' : ''}`,
    councilId ? [INTERRUPTED_AFTER_SECONDS, councilId] : [INTERRUPTED_AFTER_SECONDS],
  );
}

interface RunRow {
  id: string;
  status: ImportRunStatus;
  via: ImportVia;
  files: string[];
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  report: ImportReport | null;
  failure: string | null;
  started_at: Date;
  finished_at: Date | null;
  started_by_name: string;
}

const RUN_COLUMNS = `r.id, r.status, r.via, r.files, r.rows_total, r.rows_done, r.created, r.updated, r.unchanged,
  r.refused, r.report, r.failure, r.started_at, r.finished_at, s.name as started_by_name`;

function record(r: RunRow): ImportRunRecord {
  return {
    id: r.id,
    status: r.status,
    via: r.via,
    files: r.files,
    rowsTotal: r.rows_total,
    rowsDone: r.rows_done,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    refused: r.refused,
    report: r.report,
    failure: r.failure,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    startedByName: r.started_by_name,
  };
}

/** One of the council's runs, or null when there is none with that id in the council. */
export async function readImportRun(
  em: EntityManager,
  councilId: string,
  runId: string,
): Promise<ImportRunRecord | null> {
  await failInterruptedRuns(em, councilId);
  const [row] = await em.execute<RunRow[]>(
    `select ${RUN_COLUMNS} from import_run r join staff_user s on s.id = r.started_by_id
      where r.id = ? and r.council_id = ?`,
    [runId, councilId],
  );
  return row ? record(row) : null;
}

/** The council's most recent runs, newest first. */
export async function recentImportRuns(
  em: EntityManager,
  councilId: string,
  limit: number,
): Promise<ImportRunRecord[]> {
  await failInterruptedRuns(em, councilId);
  const rows = await em.execute<RunRow[]>(
    `select ${RUN_COLUMNS} from import_run r join staff_user s on s.id = r.started_by_id
      where r.council_id = ? order by r.started_at desc, r.id limit ?`,
    [councilId, limit],
  );
  return rows.map(record);
}
