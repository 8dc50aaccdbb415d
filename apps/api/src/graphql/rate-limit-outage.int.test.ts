import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { openOrm, type Orm } from '../db/orm.js';
import { createKinroomServer, type KinroomServer } from '../server/app.js';
import { startPostgresProcess, type PostgresProcess } from '../../test/postgres-process.js';

/** A PostgreSQL of this file's own, so that stopping it disturbs no other test. */
let dir: string;
let postgres: PostgresProcess;
let orm: Orm;
let server: KinroomServer;
let url: string;

const PER_MINUTE = 2;
const CANCEL = `mutation { cancelSession(input: { sessionId: "00000000-0000-0000-0000-000000000000", expectedVersion: 1, reason: CHILD_ILL }) { id } }`;

async function anonymousChange(): Promise<{ codes: unknown[]; body: string }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CANCEL }),
  });
  const body = await res.text();
  const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
  return { codes: errors.map((e) => e.extensions?.code), body };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinroom-allowance-'));
  await chmod(dir, 0o755);
  postgres = await startPostgresProcess(dir);
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query('create database kinroom');
  await admin.end();
  orm = await openOrm(postgres.url('kinroom'));
  server = await createKinroomServer(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      KINROOM_LOG_LEVEL: 'silent',
      KINROOM_MUTATIONS_PER_MINUTE: String(PER_MINUTE),
    }),
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

describe('the shared allowance of changes while PostgreSQL is down', () => {
  it('refuses every change as SERVICE_UNAVAILABLE, never lets a burst through, and shows no internals', async () => {
    // Up: the allowance is counted; the change itself is refused for want of a sign-in.
    expect((await anonymousChange()).codes).toEqual(['UNAUTHENTICATED']);

    await postgres.stop();
    const answers = [];
    for (let i = 0; i < PER_MINUTE * 3; i++) answers.push(await anonymousChange());
    // Had the allowance let changes through uncounted, they would reach the resolver and be refused for the sign-in.
    expect(answers.map((a) => a.codes)).toEqual(Array(PER_MINUTE * 3).fill(['SERVICE_UNAVAILABLE']));
    for (const { body } of answers) {
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat .*\.(js|ts):\d+|mutation_allowance|kinroom:/);
    }
  }, 60_000);
});
