import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../api/', import.meta.url));
const DASHBOARD_DIST = fileURLToPath(new URL('../dist/', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Product {
  url: string;
  stop(): Promise<void>;
}

/**
 * The whole product as a user starts it: the API process on an embedded PostgreSQL of its own, with the demo week,
 * serving the built dashboard. Nothing is mocked.
 */
export async function startProduct(
  options: {
    /** More environment for the API process (e.g. the KINROOM_OIDC_* settings, or PORT); it wins over the above. */
    env?: Record<string, string>;
    /** A PostgreSQL database to use instead of an embedded one of its own (as a council's server does). */
    databaseUrl?: string;
  } = {},
): Promise<Product> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kinroom-e2e-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    KINROOM_DATA_DIR: dataDir,
    KINROOM_DASHBOARD_DIR: DASHBOARD_DIST,
    KINROOM_LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: { ...env, KINROOM_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kinroom did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => reject(new Error(`Kinroom exited:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${env.PORT}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
