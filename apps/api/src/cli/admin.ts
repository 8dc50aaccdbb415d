import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/config.js';
import { DatabaseUnavailableError, openDatabase, type DatabaseHandle } from '../db/database.js';
import { openOrm, type Orm } from '../db/orm.js';
import { databaseSettings } from '../db/connection.js';
import { runImportCommand } from '../import/import.cli.js';
import { AFTER_RESTORE_USAGE, runAfterRestore } from './after-restore.js';
import { bootstrap, BOOTSTRAP_USAGE, CommandRefusal, nextSteps, parseBootstrapArgs } from './bootstrap.js';

/**
 * `kinroom admin <command>`: a council's set-up commands, run on the server (`./kinroom admin …`, built to
 * dist/cli/admin.js). Exit codes: 0 done, 1 refused (the message says why and what to do), 2 could not run (the
 * configuration or the database).
 */

const HELP = `usage: kinroom admin <command> [options]

Commands:
  help        this text
  bootstrap   create the council and its first admin in an empty database
  import      import children, families and cases from the case system (kinroom admin import help)
  after-restore  once on a database restored from a backup, before Kinroom starts on it

${BOOTSTRAP_USAGE}

${AFTER_RESTORE_USAGE}

The database is DATABASE_URL when set, else the embedded database in the data folder (KINROOM_DATA_DIR), as for
the server: stop a server running on the embedded database first. See docs/set-up.md.`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  help: async () => {
    out(HELP);
    return 0;
  },
  bootstrap: runBootstrap,
  // The case-system import (docs/set-up.md): its module parses its own arguments and opens the database itself.
  import: runImportCommand,
  'after-restore': (argv) => runAfterRestore(argv, out, err),
};

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function runBootstrap(argv: string[]): Promise<number> {
  let args;
  let config;
  try {
    args = parseBootstrapArgs(argv);
    config = loadConfig();
  } catch (e) {
    err(`kinroom admin bootstrap: ${(e as Error).message}`);
    return e instanceof CommandRefusal ? 1 : 2;
  }
  let db: DatabaseHandle | null = null;
  let orm: Orm | null = null;
  try {
    db = await openDatabase(config, () => {});
    orm = await openOrm(databaseSettings(config, db.url));
    await bootstrap(orm.em.fork(), args);
    for (const line of nextSteps(args)) out(line);
    return 0;
  } catch (e) {
    if (e instanceof CommandRefusal) {
      err(`kinroom admin bootstrap: ${e.message}`);
      return 1;
    }
    err(`kinroom admin bootstrap: could not run: ${(e as Error)?.message?.split('\n')[0] || String(e)}`);
    if (!config.databaseUrl && !(e instanceof DatabaseUnavailableError))
      err('If the Kinroom server is running on the embedded database, stop it or set DATABASE_URL.');
    return 2;
  } finally {
    await orm?.close(true).catch(() => {});
    await db?.close().catch(() => {});
  }
}

export async function runAdminCommand(argv: readonly string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = COMMANDS[name === '--help' || name === '-h' ? 'help' : name];
  if (!command) {
    err(`kinroom admin: no command "${name}".\n\n${HELP}`);
    return 1;
  }
  return command(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void runAdminCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
