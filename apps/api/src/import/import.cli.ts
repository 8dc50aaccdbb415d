import 'reflect-metadata';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { isUuid } from '../common/uuid.js';
import { KinroomError } from '../common/errors.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { openOrm, type Orm } from '../db/orm.js';
import { databaseSettings } from '../db/connection.js';
import type { Writer } from '../records/save.js';
import { FILE_NAMES, type ImportFile } from './import-files.js';
import { zeroCounts, type ImportReport } from './import-report.js';
import { executeImportRun, previewImport, startImportRun, type ImportLog } from './import.service.js';
import { importingAdminId } from '../access/imports.js';

/** The largest file the command reads: far beyond any council's export, small enough to hold in memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export const IMPORT_USAGE = `kinroom admin import --council <council id> --as <admin email> [--dry-run] <files…>

  Imports children, family members, carers and cases from the case system's CSV export (docs/import.md), files
  named ${Object.values(FILE_NAMES).join(', ')}, each optional. Rows are keyed by the case system's ids,
  so importing the same files again changes nothing. --dry-run checks every row as the import would and changes
  nothing.

  Exit code: 0 every row imported (or would be), 2 some rows refused (the report lists why), 1 nothing imported (a
  file error, a wrong option, an unknown council or admin, or the database unreachable).`;

class Refusal extends Error {}
class HelpAsked extends Error {}

interface Args {
  councilId: string;
  adminEmail: string;
  dryRun: boolean;
  paths: string[];
}

function parse(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        council: { type: 'string' },
        as: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new Refusal(`${(err as Error).message}\n\nusage: ${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') throw new HelpAsked(`usage: ${IMPORT_USAGE}`);
  const missing = [
    !values.council ? '--council' : null,
    !values.as ? '--as' : null,
    positionals.length === 0 ? 'the files' : null,
  ].filter(Boolean);
  if (missing.length > 0) throw new Refusal(`missing ${missing.join(', ')}\n\nusage: ${IMPORT_USAGE}`);
  if (!isUuid(values.council!)) throw new Refusal('--council must be the council’s id (a UUID).');
  return {
    councilId: values.council!.toLowerCase(),
    adminEmail: values.as!.trim().toLowerCase(),
    dryRun: values['dry-run'] ?? false,
    paths: positionals,
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readFiles(paths: readonly string[]): Promise<ImportFile[]> {
  const files: ImportFile[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      if ((await stat(path)).size > MAX_FILE_BYTES) {
        throw new Refusal(`${path}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split the export.`);
      }
      bytes = await readFile(path);
    } catch (err) {
      if (err instanceof Refusal) throw err;
      throw new Refusal(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    let content: string;
    try {
      content = utf8.decode(bytes);
    } catch {
      throw new Refusal(`${path}: is not UTF-8 text; export it as "CSV UTF-8".`);
    }
    files.push({ name: basename(path), content });
  }
  return files;
}

/** The report as the command prints it: the counts per file, then every refused row with its reasons. */
export function reportLines(report: ImportReport): string[] {
  const lines: string[] = [];
  for (const e of report.fileErrors) {
    lines.push(`${e.file}${e.line !== null ? ` line ${e.line}` : ''}: ${e.message}`);
  }
  if (report.fileErrors.length > 0) {
    lines.push('Nothing was imported: correct the files and run the command again.');
    return lines;
  }
  const verb = report.dryRun ? 'would be ' : '';
  for (const f of report.files) {
    lines.push(
      `${f.file}: ${f.created} ${verb}created, ${f.updated} ${verb}updated, ${f.unchanged} unchanged, ${f.refused} refused`,
    );
    for (const r of f.rows.filter((row) => row.outcome === 'refused')) {
      for (const e of r.errors) {
        lines.push(
          `  row ${r.row}${r.externalId ? ` (${r.externalId})` : ''}${e.column ? ` ${e.column}` : ''}: ${e.message}`,
        );
      }
    }
  }
  lines.push(
    `${report.dryRun ? 'Dry run, nothing changed: ' : ''}${report.created} ${verb}created, ${report.updated} ${verb}updated, ${report.unchanged} unchanged, ${report.refused} refused.`,
  );
  return lines;
}

/**
 * `kinroom admin import`: the same import as the dashboard's, for exports of any size, run in this process. The
 * run is kept in `import_run` like the dashboard's (its report readable there), and one import at a time per
 * council holds across both. Progress goes to standard error, the report to standard output.
 */
export async function runImportCommand(argv: string[]): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  let args: Args;
  let files: ImportFile[];
  let config;
  try {
    args = parse(argv);
    files = await readFiles(args.paths);
    config = loadConfig();
  } catch (err) {
    if (err instanceof HelpAsked) {
      say(err.message);
      return 0;
    }
    warn(`kinroom admin import: ${(err as Error).message}`);
    return 1;
  }
  const log: ImportLog = {
    error: (err) => warn(`kinroom admin import: ${(err as Error)?.stack ?? String(err)}`),
  };
  let db: DatabaseHandle | null = null;
  let orm: Orm | null = null;
  try {
    db = await openDatabase(config, () => {});
    orm = await openOrm(databaseSettings(config, db.url));
    const em = orm.em.fork();
    const adminId = await importingAdminId(em, args.councilId, args.adminEmail);
    if (!adminId) {
      throw new Refusal(
        `${args.adminEmail} is not an active admin of council ${args.councilId}: name the council’s id and one of its admins.`,
      );
    }
    const writer: Writer & { userId: string } = {
      councilId: args.councilId,
      userId: adminId,
      via: 'import',
    };
    let report: ImportReport;
    if (args.dryRun) {
      report = await previewImport(em, writer, files, log);
    } else {
      let started;
      try {
        started = await startImportRun(em, writer, files, 'command');
      } catch (err) {
        const fileErrors = (err as KinroomError).details?.fileErrors;
        if (err instanceof KinroomError && Array.isArray(fileErrors)) {
          for (const line of reportLines({
            dryRun: false,
            fileErrors,
            files: [],
            ...zeroCounts(),
          })) {
            warn(line);
          }
          return 1;
        }
        throw err;
      }
      let shown = 0;
      report = await executeImportRun(em, started.runId, writer, started.files, log, (done, total) => {
        const percent = Math.floor((done * 100) / total);
        if (percent >= shown + 10 || done === total) {
          shown = percent - (percent % 10);
          warn(`imported ${done} of ${total} rows`);
        }
      });
      say(`import ${started.runId}`);
    }
    const lines = reportLines(report);
    for (const line of lines) (report.fileErrors.length ? warn : say)(line);
    if (report.fileErrors.length > 0) return 1;
    return report.refused > 0 ? 2 : 0;
  } catch (err) {
    const message =
      err instanceof Refusal || err instanceof KinroomError
        ? err.message
        : `could not run: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}`;
    warn(`kinroom admin import: ${message}`);
    if (!(err instanceof Refusal || err instanceof KinroomError) && !config.databaseUrl) {
      warn('If the Kinroom server is running on the embedded database, stop it or set DATABASE_URL.');
    }
    return 1;
  } finally {
    await orm?.close(true).catch(() => {});
    await db?.close().catch(() => {});
  }
}
