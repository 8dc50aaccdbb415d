import pg from 'pg';
import type { Config } from '../config/config.js';
import { connectionOptions, DatabaseUrlError, redact } from './connection.js';
import { embeddedDatabaseHolder, startEmbeddedPostgres, type RunningPostgres } from './embedded.js';

export class DatabaseUnavailableError extends Error {}

export interface DatabaseHandle {
  url: string;
  embedded: RunningPostgres | null;
  close(): Promise<void>;
}

/** Checks that a URL reaches a server, so that a wrong `DATABASE_URL` fails with one clear line. */
export async function probe(url: string, variable = 'DATABASE_URL'): Promise<void> {
  let client: pg.Client;
  try {
    client = new pg.Client({ ...connectionOptions(url), connectionTimeoutMillis: 5000 });
  } catch (err) {
    if (err instanceof DatabaseUrlError) throw new DatabaseUnavailableError(`${variable} ${err.message}`);
    throw err;
  }
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    const reason = (err as Error).message || (err as { code?: string }).code || 'connection refused';
    throw new DatabaseUnavailableError(
      `cannot reach the database at ${redact(url)} (${variable}): ${reason}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Uses `DATABASE_URL` when set; otherwise starts the embedded PostgreSQL and creates the `kinroom` database. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await probe(config.databaseUrl);
    if (config.databaseDirectUrl) await probe(config.databaseDirectUrl, 'KINROOM_DATABASE_DIRECT_URL');
    return { url: config.databaseUrl, embedded: null, close: async () => {} };
  }
  const holder = await embeddedDatabaseHolder(config.dataDir);
  if (holder !== null) {
    throw new DatabaseUnavailableError(
      `the embedded database in ${config.dataDir} is in use by another process (${holder}), most likely a running Kinroom server: stop it first, or set DATABASE_URL`,
    );
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, (l) => {
    if (config.logLevel === 'debug') log(l);
  });
  const admin = new pg.Client({ connectionString: embedded.url('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = 'kinroom'");
    if (exists.rowCount === 0) await admin.query('create database kinroom');
  } finally {
    await admin.end();
  }
  return { url: embedded.url('kinroom'), embedded, close: () => embedded.stop() };
}
