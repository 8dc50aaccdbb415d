import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresProcess, type PostgresProcess } from '../../test/postgres-process.js';
import { loadConfig } from '../config/config.js';
import { DatabaseUnavailableError, openDatabase } from './database.js';

/**
 * The embedded database's password (src/db/embedded.ts): each data folder has its own, random, in a file only its
 * owner can read; a folder made when every folder shared one fixed password is moved off it on its next start.
 * Each cluster runs in a process of its own (test/postgres-process.ts), as the test run's own database does.
 */

const OLD_FIXED_PASSWORD = 'kinroom';
const folders: string[] = [];
const running = new Set<PostgresProcess>();

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-embedded-'));
  await chmod(dir, 0o755);
  folders.push(dir);
  return dir;
}

async function start(dir: string): Promise<PostgresProcess> {
  const p = await startPostgresProcess(dir);
  running.add(p);
  return p;
}

async function stop(p: PostgresProcess): Promise<void> {
  await p.stop();
  running.delete(p);
}

/** Whether the cluster lets `kinroom` in with this password. */
async function accepts(port: number, password: string): Promise<boolean> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'kinroom', password, database: 'postgres' });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function sql(p: PostgresProcess, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: p.url('postgres') });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

const passwordOf = async (dir: string) => (await readFile(join(dir, 'postgres-password'), 'utf8')).trim();

afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop()));
  await Promise.all(folders.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the embedded database’s password', () => {
  it('is random per data folder, readable by its owner only, and the old fixed one no longer opens it', async () => {
    const [a, b] = [await folder(), await folder()];
    const [pa, pb] = [await start(a), await start(b)];
    const [wa, wb] = [await passwordOf(a), await passwordOf(b)];
    expect(wa).not.toBe(wb);
    for (const [dir, word, p] of [
      [a, wa, pa],
      [b, wb, pb],
    ] as const) {
      expect(word).not.toBe(OLD_FIXED_PASSWORD);
      expect(word.length).toBeGreaterThanOrEqual(32);
      expect((await stat(join(dir, 'postgres-password'))).mode & 0o777).toBe(0o600);
      expect(await accepts(p.port, word)).toBe(true);
      expect(await accepts(p.port, OLD_FIXED_PASSWORD), 'the old fixed password still opens it').toBe(false);
    }
    // Each folder's password opens only its own cluster.
    expect(await accepts(pa.port, wb)).toBe(false);
    await Promise.all([stop(pa), stop(pb)]);
  });

  it('moves a folder made with the old fixed password to a password of its own, keeping its data', async () => {
    const dir = await folder();
    let p = await start(dir);
    await sql(p, 'create table kept (note text); insert into kept values ($$saved before$$)');
    // What a folder made before looked like: the cluster on the fixed password, and no password file.
    await sql(p, `alter user kinroom with password '${OLD_FIXED_PASSWORD}'`);
    await stop(p);
    await rm(join(dir, 'postgres-password'));

    p = await start(dir);
    const word = await passwordOf(dir);
    expect(word).not.toBe(OLD_FIXED_PASSWORD);
    expect((await stat(join(dir, 'postgres-password'))).mode & 0o777).toBe(0o600);
    expect(await accepts(p.port, OLD_FIXED_PASSWORD), 'the old fixed password still opens it').toBe(false);
    expect((await sql(p, 'select note from kept')).rows).toEqual([{ note: 'saved before' }]);
    await stop(p);

    // And the next start simply uses it.
    p = await start(dir);
    expect(await passwordOf(dir)).toBe(word);
    expect(await accepts(p.port, word)).toBe(true);
    await stop(p);
  });
});

describe('a data folder whose database is already running', () => {
  it('is refused in plain words, naming the process that holds it, and left running', async () => {
    const dir = await folder();
    const holder = await start(dir);
    const config = loadConfig({ NODE_ENV: 'test', KINROOM_DATA_DIR: dir, KINROOM_LOG_LEVEL: 'error' });
    const opening = openDatabase(config, () => {});
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(opening).rejects.toThrow(
      /is in use by another process \(\d+\), most likely a running Kinroom server/,
    );
    expect(await accepts(holder.port, await passwordOf(dir))).toBe(true);
  });
});
