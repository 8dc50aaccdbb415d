import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/db/free-port.js';

/** Debian's package (apt-get install pgbouncer); CI installs it in .ci/run. */
const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface PgBouncer {
  /** `directUrl` with PgBouncer's address instead of PostgreSQL's. */
  url: string;
  /**
   * What PgBouncer's console says of its clients and its connections to PostgreSQL (SHOW CLIENTS, SHOW SERVERS), with
   * the local ports of the latter (PostgreSQL's `client_port` for them).
   */
  counts(): Promise<{ clients: number; servers: number; serverPorts: number[] }>;
  stop(): Promise<void>;
}

/**
 * A real PgBouncer in transaction mode in front of the PostgreSQL `directUrl` names, as councils run it: a session
 * lasts one transaction, and at most `serverConnections` connections to PostgreSQL are shared by all its clients.
 * Clients are trusted (it listens on 127.0.0.1 only); it signs in to PostgreSQL with the URL's own user and password.
 */
export async function startPgBouncer(directUrl: string, serverConnections = 2): Promise<PgBouncer> {
  const target = new URL(directUrl);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-pgbouncer-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  await writeFile(join(dir, 'users.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${serverConnections}`,
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; a test run as root starts it as the postgres user.
  const asUser =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
          gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
        }
      : {};
  const child = spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], {
    ...asUser,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PgBouncer did not start: ${out}`)), 30_000);
    const check = () => {
      if (/process up/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then(() => reject(new Error(`PgBouncer exited: ${out}`)));
  });
  const url = new URL(directUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const consoleUrl = new URL(url);
  consoleUrl.pathname = '/pgbouncer';
  return {
    url: url.toString(),
    counts: async () => {
      const c = new pg.Client({ connectionString: consoleUrl.toString() });
      await c.connect();
      try {
        const database = target.pathname.slice(1);
        const clients = (await c.query('show clients')).rows.filter((r) => r.database === database);
        const servers = (await c.query('show servers')).rows.filter((r) => r.database === database);
        return {
          clients: clients.length,
          servers: servers.length,
          serverPorts: servers.map((r) => Number(r.local_port)),
        };
      } finally {
        await c.end();
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
