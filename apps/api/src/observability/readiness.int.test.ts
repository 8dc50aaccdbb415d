import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { freePort } from '../db/free-port.js';
import { openOrm, type Orm } from '../db/orm.js';
import { createKinroomServer, type KinroomServer } from '../server/app.js';
import { startPostgresProcess, type PostgresProcess } from '../../test/postgres-process.js';
import { sleep } from '../../test/ws.js';

/** A PostgreSQL of this file's own, so that stopping it disturbs no other test. */
let dir: string;
let port: number;
let postgres: PostgresProcess;
let orm: Orm;
let server: KinroomServer;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinroom-readiness-'));
  await chmod(dir, 0o755);
  port = await freePort();
  postgres = await startPostgresProcess(dir, port);
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query('create database kinroom');
  await admin.end();
  orm = await openOrm(postgres.url('kinroom'));
  server = await createKinroomServer(
    loadConfig({ NODE_ENV: 'test', PORT: '0', KINROOM_LOG_LEVEL: 'error' }),
    orm,
  );
  url = `http://127.0.0.1:${await server.listen()}`;
}, 120_000);

afterAll(async () => {
  await server.close();
  await orm.close(true);
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
});

async function probe(path: string): Promise<{ status: number; body: unknown; cache: string | null }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
}

/** Asks /readyz until it answers `status` (a balancer probing every second would see the same). */
async function readyzUntil(status: number): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + 45_000;
  let last = await probe('/readyz');
  while (last.status !== status && Date.now() < deadline) {
    await sleep(250);
    last = await probe('/readyz');
  }
  return last;
}

describe('/healthz and /readyz', () => {
  it('say the process is live throughout, and ready only while its database answers', async () => {
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready' }, cache: 'no-store' });

    await postgres.stop();
    const down = await readyzUntil(503);
    expect(down.status).toBe(503);
    // Which checks failed, by name alone: nothing of the connection, its address or its error.
    expect(down.body).toEqual({ status: 'not ready', failing: ['database', 'eventStream'] });
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    postgres = await startPostgresProcess(dir, port);
    expect(await readyzUntil(200)).toMatchObject({ status: 200, body: { status: 'ready' } });
  }, 120_000);
});
