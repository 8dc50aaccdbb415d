import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresProcess } from '../../test/postgres-process.js';
import { runApiCommand, startApiProcess } from '../../test/processes.js';
import { MACHINE_ADMIN_URL, machinePostgresTls, type MachineTls } from '../../test/support/postgres-tls.js';
import { connectionOptions } from './connection.js';
import { openOrm } from './orm.js';

/** TLS to PostgreSQL as DATABASE_URL's sslmode asks, with PostgreSQL's own meanings (docs/operations.md). */

let tls: MachineTls;
let name: string;
let admin: pg.Client;

function url(query: string): string {
  return `postgres://postgres@127.0.0.1:5432/${name}?${query}`;
}

/** Whether a connection made with Kinroom's options for `query` is encrypted, as the server sees it. */
async function encrypted(query: string): Promise<boolean> {
  const c = new pg.Client(connectionOptions(url(query)));
  await c.connect();
  try {
    return (await c.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows[0].ssl;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  tls = await machinePostgresTls();
  name = `kinroom_tls_${process.pid}`;
  admin = new pg.Client({ connectionString: MACHINE_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const orm = await openOrm(url('sslmode=require'));
  await orm.close(true);
}, 120_000);

afterAll(async () => {
  await admin?.query(`drop database if exists ${name} with (force)`);
  await admin?.end();
});

describe('TLS to PostgreSQL from the URL', () => {
  it('encrypts every connection a server opens with sslmode=require: the ORM, the event stream, LISTEN, the queue', async () => {
    const api = await startApiProcess(url('sslmode=require'), { KINROOM_MESSAGE_ENGINE: 'true' });
    try {
      const sessions = async () =>
        (
          await admin.query(
            `select a.query, a.application_name, s.ssl from pg_stat_activity a join pg_stat_ssl s using (pid)
              where a.datname = $1 and a.pid <> pg_backend_pid()`,
            [name],
          )
        ).rows as { query: string; application_name: string; ssl: boolean }[];
      // The engine's queue connections come up after the server is ready; wait for them.
      const deadline = Date.now() + 60_000;
      let seen = await sessions();
      while (!seen.some((s) => s.application_name === 'kinroom-messages') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        seen = await sessions();
      }
      expect(seen.some((s) => s.query === 'listen kinroom_event')).toBe(true);
      expect(seen.some((s) => s.application_name === 'kinroom-messages')).toBe(true);
      expect(seen.filter((s) => !s.ssl)).toEqual([]);
    } finally {
      await api.kill();
    }
  }, 120_000);

  it('checks the server against the CA with verify-full, and refuses another CA in one line', async () => {
    expect(await encrypted(`sslmode=verify-full&sslrootcert=${tls.caFile}`)).toBe(true);
    const ok = await runApiCommand(['migrate'], url(`sslmode=verify-full&sslrootcert=${tls.caFile}`));
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const wrong = await runApiCommand(['migrate'], url(`sslmode=verify-full&sslrootcert=${tls.otherCaFile}`));
    expect(wrong.code).toBe(1);
    expect(wrong.err.trim().split('\n')).toHaveLength(1);
    expect(wrong.err).toMatch(
      /^kinroom: cannot reach the database at postgres:\/\/postgres@127\.0\.0\.1:5432\/.*\(DATABASE_URL\): .*certificate/,
    );
  }, 120_000);

  it('speaks plain text with sslmode=disable or no sslmode, and encrypts with require', async () => {
    expect(await encrypted('sslmode=disable')).toBe(false);
    expect(await encrypted('application_name=kinroom')).toBe(false);
    expect(await encrypted('sslmode=require')).toBe(true);
  });

  it('refuses sslmode=require against a server without TLS, in one line that keeps the password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kinroom-plain-'));
    await chmod(dir, 0o755);
    const plain = await startPostgresProcess(dir);
    try {
      const target = `${plain.url('postgres')}?sslmode=require`;
      const run = await runApiCommand(['migrate'], target);
      expect(run.code).toBe(1);
      // The password is replaced, however the log line marks it.
      expect(run.err.trim()).toMatch(
        new RegExp(
          `^kinroom: cannot reach the database at postgres://kinroom:[^@]+@127\\.0\\.0\\.1:${plain.port}/postgres\\?sslmode=require \\(DATABASE_URL\\): The server does not support SSL connections$`,
        ),
      );
      expect(run.err + run.out).not.toContain(new URL(target).password);
    } finally {
      await plain.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
