import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresProcess } from './postgres-process.js';

/** The machine's own PostgreSQL, as a council's server would use it: `DATABASE_URL`, else the usual local one. */
const MACHINE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EmptyDatabase {
  /** A URL to a new, empty database: no tables, no extensions beyond the server's defaults. */
  url: string;
  /** Whether it lives on the machine's PostgreSQL (false: a throwaway server of this test's own). */
  onMachine: boolean;
  drop(): Promise<void>;
}

/** `url` with its database replaced (written here too: the browser tests import this file, not the API's set-up). */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A new, empty database for a test of the production path. On the machine's PostgreSQL when it answers (it does on
 * CI), so that the path is walked against a real server as a council runs one; otherwise on a PostgreSQL process of
 * the test's own, so that `./kinroom test` still runs on a machine without one.
 */
export async function emptyDatabase(): Promise<EmptyDatabase> {
  const name = `kinroom_empty_${randomBytes(6).toString('hex')}`;
  try {
    await onServer(MACHINE_URL, `create database ${name}`);
    return {
      url: withDatabase(MACHINE_URL, name),
      onMachine: true,
      drop: () => onServer(MACHINE_URL, `drop database if exists ${name} with (force)`),
    };
  } catch {
    const dir = await mkdtemp(join(tmpdir(), 'kinroom-empty-'));
    await chmod(dir, 0o755);
    const server = await startPostgresProcess(dir);
    await onServer(server.url('postgres'), `create database ${name}`);
    return {
      url: server.url(name),
      onMachine: false,
      drop: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
