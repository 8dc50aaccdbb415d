import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The machine's PostgreSQL (trust for the superuser on 127.0.0.1), as CI and this machine run it. */
export const MACHINE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fixed folder the `postgres` user can read: every test file that needs TLS finds the same certificates, and a
 * second call (or a second file at once) changes nothing.
 */
const DIR = '/var/lib/postgresql/kinroom-test-tls';

export interface MachineTls {
  /** The CA that signed the server's certificate (for 127.0.0.1 and localhost). */
  caFile: string;
  /** A CA that signed nothing the server presents. */
  otherCaFile: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA, a second unrelated CA, and a server certificate signed by the first, made once in `DIR`. */
async function certificates(): Promise<void> {
  if (existsSync(join(DIR, 'server.key'))) return;
  const work = await mkdtemp(`${DIR}.`);
  // A self-signed CA: its key and certificate, for ten years.
  const ca = (name: string, cn: string) =>
    openssl(
      work,
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-subj',
      `/CN=${cn}`,
    );
  ca('ca', 'Kinroom test CA');
  ca('other-ca', 'Another CA');
  openssl(
    work,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1,DNS:localhost\\n" > san.ext'], {
    cwd: work,
  });
  openssl(
    work,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '3650',
    '-extfile',
    'san.ext',
    '-out',
    'server.crt',
  );
  // The server refuses a key others can read; it must be the postgres user's own.
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  await chmod(work, 0o755);
  await chmod(join(work, 'server.key'), 0o600);
  await chown(join(work, 'server.key'), uid, gid);
  await chown(join(work, 'server.crt'), uid, gid);
  try {
    await rename(work, DIR);
  } catch {
    // Another test file made them first: theirs are used.
    await rm(work, { recursive: true, force: true });
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: MACHINE_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function tlsConnectionWorks(): Promise<boolean> {
  const c = new pg.Client({ connectionString: MACHINE_ADMIN_URL, ssl: { rejectUnauthorized: false } });
  try {
    await c.connect();
    const r = await c.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return r.rows[0]?.ssl === true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Turns TLS on in the machine's PostgreSQL with a certificate of the tests' own CA, and waits until a connection is
 * encrypted. It stays on: clients that do not ask for TLS are served in plain text as before.
 */
export async function machinePostgresTls(): Promise<MachineTls> {
  await mkdir('/var/lib/postgresql', { recursive: true });
  await certificates();
  const cert = join(DIR, 'server.crt');
  const current = await admin(async (c) => {
    const r = await c.query(`select name, setting from pg_settings where name in ('ssl', 'ssl_cert_file')`);
    return Object.fromEntries(r.rows.map((row) => [row.name, row.setting]));
  });
  if (current.ssl !== 'on' || current.ssl_cert_file !== cert) {
    await admin(async (c) => {
      await c.query(`alter system set ssl_cert_file = ${c.escapeLiteral(cert)}`);
      await c.query(`alter system set ssl_key_file = ${c.escapeLiteral(join(DIR, 'server.key'))}`);
      await c.query('alter system set ssl = on');
      await c.query('select pg_reload_conf()');
    });
  }
  const deadline = Date.now() + 30_000;
  while (!(await tlsConnectionWorks())) {
    if (Date.now() > deadline) throw new Error('the machine PostgreSQL did not start serving TLS');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { caFile: join(DIR, 'ca.crt'), otherCaFile: join(DIR, 'other-ca.crt') };
}
