import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { freePort } from '../src/db/free-port.js';
import { openOrm, type Orm } from '../src/db/orm.js';
import { loadDemoDataIfEmpty } from '../src/db/seed/demo.js';
import { createKinroomServer } from '../src/server/app.js';
import { startPostgresProcess, type PostgresProcess } from './postgres-process.js';

/**
 * A PostgreSQL of one test file's own, with an empty `kinroom` database, for the tests that stop it and start it again:
 * stopping the shared one would break every other test running beside them. It comes back on the same port with the
 * same data, as a council's restarted server does.
 */
export interface OwnPostgres {
  /** The `kinroom` database. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-own-postgres-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  let running: PostgresProcess = await startPostgresProcess(dir, port);
  const admin = new pg.Client({ connectionString: running.url('postgres') });
  await admin.connect();
  try {
    await admin.query('create database kinroom');
  } finally {
    await admin.end();
  }
  return {
    url: running.url('kinroom'),
    stop: () => running.stop(),
    start: async () => {
      running = await startPostgresProcess(dir, port);
    },
    remove: async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An ORM over the `kinroom` database, migrated, with the demo council loaded when asked. */
export async function openOwnDatabase(postgres: OwnPostgres, options: { demo?: boolean } = {}): Promise<Orm> {
  const orm = await openOrm(postgres.url);
  if (options.demo) await loadDemoDataIfEmpty(orm.em.fork(), new Date());
  return orm;
}

export interface OwnServer {
  url: string;
  close(): Promise<void>;
}

/** The API in this process over `postgres` (see openOwnDatabase), with `env` over the test settings. */
export async function startOwnServer(
  postgres: OwnPostgres,
  env: Record<string, string> = {},
  options: { demo?: boolean } = {},
): Promise<OwnServer> {
  const orm = await openOwnDatabase(postgres, options);
  const server = await createKinroomServer(
    loadConfig({ NODE_ENV: 'test', PORT: '0', KINROOM_LOG_LEVEL: 'error', ...env }),
    orm,
  );
  return {
    url: `http://127.0.0.1:${await server.listen()}`,
    close: async () => {
      await server.close();
      await orm.close(true);
    },
  };
}

export interface OwnApi {
  postgres: OwnPostgres;
  /** The API's address. */
  url: string;
}

/**
 * For a test file: its own PostgreSQL and the API over it (see startOwnServer), started before its tests and removed
 * after them. The fields are set once the file's first `beforeAll` has run.
 */
export function ownPostgresAndServer(
  env: Record<string, string> = {},
  options: { demo?: boolean } = {},
): OwnApi {
  const own = {} as OwnApi;
  let server: OwnServer | undefined;
  beforeAll(async () => {
    own.postgres = await startOwnPostgres();
    server = await startOwnServer(own.postgres, env, options);
    own.url = server.url;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await own.postgres?.remove();
  });
  return own;
}
