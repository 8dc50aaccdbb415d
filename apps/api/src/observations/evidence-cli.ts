import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { connectOrm } from '../db/orm.js';
import { databaseSettings } from '../db/connection.js';
import { evidenceKeys, type EvidenceKeyring } from './evidence-keys.js';

/** Writes one line of a command's report to standard output. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * What the evidence commands share: the configuration and the evidence key read first (exit code 2, with the
 * reason on one line, when either is missing), then the database (`DATABASE_URL`, or the embedded one when the
 * server is not running), always closed after `work`, whose exit code is returned. A failure while working is one
 * line on standard error, `could not <doing>: ...`, and exit code 2.
 */
export async function runEvidenceCommand(
  doing: string,
  work: (orm: MikroORM, keys: EvidenceKeyring) => Promise<number>,
): Promise<number> {
  let config;
  let keys: EvidenceKeyring;
  try {
    config = loadConfig();
    keys = await evidenceKeys(config);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  let db: DatabaseHandle | null = null;
  let orm: MikroORM | null = null;
  try {
    db = await openDatabase(config, () => {});
    orm = await connectOrm(databaseSettings(config, db.url));
    return await work(orm, keys);
  } catch (err) {
    process.stderr.write(
      `could not ${doing}: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}\n` +
        (config.databaseUrl
          ? ''
          : 'If the Kinroom server is running on the embedded database, stop it or set DATABASE_URL.\n'),
    );
    return 2;
  } finally {
    await orm?.close(true).catch(() => {});
    await db?.close().catch(() => {});
  }
}
