import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAfterRestore } from '../src/cli/after-restore.js';
import { loadConfig } from '../src/config/config.js';
import { freePort } from '../src/db/free-port.js';
import { openOrm } from '../src/db/orm.js';
import { verifyEvidenceChain } from '../src/observations/evidence-chain.js';
import { keyringFrom, newEvidenceKeyPem } from '../src/observations/evidence-keys.js';
import { MESSAGE_QUEUES, newBoss } from '../src/notifications/queue.js';
import { DEMO, startTestApi, testEvidenceKeyFile, type TestApi } from './api.js';
import type { TestDatabase } from './database.js';
import { emptyDatabase, type EmptyDatabase } from './machine-postgres.js';
import { collect, wsClient } from './ws.js';

/**
 * Backing up and restoring Kinroom as docs/operations.md ("Back up and restore") tells a council's IT team to: a
 * backup taken with `pg_dump` while Kinroom runs, the server then lost, and a restored copy started in its place.
 * Everything runs on the machine's PostgreSQL with its own `pg_dump` and `pg_restore` (the same major version as
 * the server, as the tools require), each as a child process with the documented arguments.
 */

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command as the operator would, with the environment given on top of this one (PATH, the toolchain). */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, KINROOM_LOG_LEVEL: 'error', ...env };
    execFile(command, args, { cwd: API_DIR, env: childEnv }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

/** `kinroom admin …` and the evidence commands, from source, as `./kinroom admin` runs their build. */
const tsx = (script: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], env);

/** The new database a restore goes into, on the same server as `sourceUrl`; `createdb` makes it. */
function restoreTarget(sourceUrl: string): EmptyDatabase & { name: string; adminUrl: string } {
  const name = `kinroom_restored_${randomBytes(6).toString('hex')}`;
  const url = new URL(sourceUrl);
  url.pathname = `/${name}`;
  const admin = new URL(sourceUrl);
  admin.pathname = '/postgres';
  return {
    name,
    url: url.toString(),
    adminUrl: admin.toString(),
    onMachine: true,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}

/** A machine database made a test database: migrated (or restored), with a client for assertions in SQL. */
async function asTestDatabase(empty: EmptyDatabase): Promise<TestDatabase> {
  const orm = await openOrm(empty.url);
  const pool = new pg.Pool({ connectionString: empty.url, max: 2 });
  pool.on('error', () => {});
  return {
    url: empty.url,
    name: new URL(empty.url).pathname.slice(1),
    orm,
    sql: (text, params) => pool.query(text, params),
    drop: async () => {
      await orm.close(true);
      await pool.end();
      await empty.drop();
    },
  };
}

const BOARD = `subscription($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { cursor topic kind subjectId status } }`;
const CONDITION = `mutation($r: ID!, $c: RoomCondition!, $v: Int!) { setRoomCondition(roomId: $r, condition: $c, expectedVersion: $v) { version } }`;
const ROOMS = `{ myCentres { id name rooms { id name condition version } } }`;
const HISTORY = `query($c: ID!) { childHistory(childId: $c, first: 50) {
  edges { node { session { id status startsAt } observation { id status } } } } }`;
const VERIFY = `query($c: ID!) { verifyEvidenceChain(childId: $c) { intact checkedRecords keyFingerprint headHash problem } }`;

interface BoardEvent {
  roomBoardChanged: { cursor: string; subjectId: string; status: string };
}

let dir: string;
let keyFile: string;
let source: TestApi;
let restored: TestApi | null = null;
let target: ReturnType<typeof restoreTarget>;
let centreId: string;
let roomId: string;
let maisie: string;
/** What the source answered at the moment of the backup. */
const atBackup: { rooms?: unknown; history?: unknown; evidence?: Record<string, unknown> } = {};
/** The cursor a dashboard held when it went away before the backup; the change it then missed. */
let beforeBackup: { cursor: string; missed: string };
/** The newest cursor a dashboard received from the lost server after the backup was taken. */
let afterBackup: string;
let jobId: string;

async function setCondition(api: TestApi, condition: string): Promise<void> {
  const manager = await api.tokenFor(DEMO.manager);
  const v = (await api.db.sql('select version from room where id = $1', [roomId])).rows[0].version as number;
  const r = await api.gql(manager, CONDITION, { r: roomId, c: condition, v });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
}

/** One dashboard's subscription to the board, resuming after `after`; waits for `n` events. */
async function boardEvents(api: TestApi, after: string | null, n: number, change?: () => Promise<void>) {
  const client = wsClient(api.url, await api.tokenFor(DEMO.manager));
  const board = collect<BoardEvent>(client, BOARD, { c: centreId, after });
  try {
    if (change) {
      // The change commits only once the server holds the subscription, so that it is live, not replayed.
      await until(() => api.server.hub.size > 0);
      await change();
    }
    return (await board.waitFor(n, 30_000)).map((e) => e.roomBoardChanged);
  } finally {
    board.stop();
    await client.dispose();
  }
}

/** What a subscription from `after` is answered at once: its error codes, or the events it received. */
async function refusal(api: TestApi, after: string): Promise<string[]> {
  const client = wsClient(api.url, await api.tokenFor(DEMO.manager));
  const board = collect<BoardEvent>(client, BOARD, { c: centreId, after });
  try {
    await board.waitFor(1, 15_000).catch(() => {});
    if (board.items.length > 0) return board.items.map((e) => `event ${e.roomBoardChanged.cursor}`);
    return (board.errors.flat() as { extensions?: { code?: string } }[]).map(
      (e) => e.extensions?.code ?? '?',
    );
  } finally {
    board.stop();
    await client.dispose();
  }
}

async function until(done: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function answers(api: TestApi) {
  const manager = await api.tokenFor(DEMO.manager);
  const sw = await api.tokenFor(DEMO.socialWorker1);
  const admin = await api.tokenFor(DEMO.admin);
  const rooms = await api.gql(manager, ROOMS);
  const history = await api.gql(sw, HISTORY, { c: maisie });
  const evidence = await api.gql<{ verifyEvidenceChain: Record<string, unknown> }>(admin, VERIFY, {
    c: maisie,
  });
  for (const r of [rooms, history, evidence]) expect(r.errors).toBeUndefined();
  return { rooms: rooms.data, history: history.data, evidence: evidence.data!.verifyEvidenceChain };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinroom-backup-'));
  keyFile = await testEvidenceKeyFile();
  const empty = await emptyDatabase();
  // pg_dump refuses a server of a newer major version than its own: the machine's tools go with its server.
  if (!empty.onMachine) throw new Error('the backup test needs the machine’s PostgreSQL at 127.0.0.1:5432');
  source = await startTestApi({ db: await asTestDatabase(empty) });
  target = restoreTarget(empty.url);
  centreId = (await source.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
  roomId = (await source.db.sql('select id from room where centre_id = $1 order by name limit 1', [centreId]))
    .rows[0].id;
  maisie = (await source.db.sql(`select id from child where first_name = 'Maisie'`)).rows[0].id;
}, 120_000);

afterAll(async () => {
  await restored?.close();
  await source?.close().catch(() => {});
  await target?.drop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('backing up Kinroom while it runs', () => {
  it('takes a pg_dump of a week with final, sealed records, live events and queued messages', async () => {
    // A dashboard follows the board, sees a change, and goes away; another change follows that it misses.
    const [seen] = await boardEvents(source, null, 1, () => setCondition(source, 'NEEDS_TIDYING'));
    await setCondition(source, 'READY');
    const missed = (await source.db.sql('select max(id)::text as id from event')).rows[0].id as string;
    beforeBackup = { cursor: seen!.cursor, missed };
    // A message job waiting in the queue, due later.
    const boss: PgBoss = newBoss(source.db.url, { background: false, max: 1 });
    boss.on('error', () => {});
    await boss.start();
    jobId = (await boss.send(MESSAGE_QUEUES.report, { messageId: 'backup-check' }, { startAfter: 86_400 }))!;
    await boss.stop({ graceful: false });

    Object.assign(atBackup, await answers(source));
    expect(atBackup.evidence).toMatchObject({ intact: true, problem: null });
    expect(atBackup.evidence!.checkedRecords).toBeGreaterThan(0);

    const dump = await run('pg_dump', [
      '--format=custom',
      `--file=${join(dir, 'kinroom.dump')}`,
      source.db.url,
    ]);
    expect(dump).toMatchObject({ code: 0, err: '' });
  });

  it('goes on after the backup, and a dashboard receives changes the backup does not hold', async () => {
    const after = await boardEvents(source, beforeBackup.missed, 2, async () => {
      await setCondition(source, 'NEEDS_TIDYING');
      await setCondition(source, 'READY');
    });
    afterBackup = after[1]!.cursor;
    expect(BigInt(afterBackup)).toBeGreaterThan(BigInt(beforeBackup.missed));
    // The server is lost.
    await source.server.close();
  });
});

describe('restoring into a new database', () => {
  it('pg_restore rebuilds everything in a new database, the message queue included', async () => {
    const created = await run('createdb', [`--maintenance-db=${target.adminUrl}`, target.name]);
    expect(created).toMatchObject({ code: 0, err: '' });
    const restore = await run('pg_restore', [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      `--dbname=${target.url}`,
      join(dir, 'kinroom.dump'),
    ]);
    expect(restore).toMatchObject({ code: 0, err: '' });
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      const queues = (await c.query('select name from pgboss.queue order by name')).rows.map((r) => r.name);
      expect(queues).toEqual(Object.values(MESSAGE_QUEUES).sort());
      const job = await c.query(`select name, state from pgboss.job where id = $1`, [jobId]);
      expect(job.rows).toEqual([{ name: MESSAGE_QUEUES.report, state: 'created' }]);
      const events = await c.query('select max(id)::text as id from event');
      expect(events.rows[0].id).toBe(beforeBackup.missed);
    } finally {
      await c.end();
    }
  });

  it('kinroom admin after-restore moves the cursors on past anything the lost server numbered', async () => {
    const r = await tsx('src/cli/admin.ts', ['after-restore'], { DATABASE_URL: target.url });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/live events are numbered from \d{10,}/);
  });

  it('kinroom admin after-restore refuses arguments, and an unreachable database in one line without its password', async () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const out = (l: string) => lines.out.push(l);
    const err = (l: string) => lines.err.push(l);
    expect(await runAfterRestore(['--now'], out, err)).toBe(1);
    expect(lines.err[0]).toMatch(/^kinroom admin after-restore: takes no arguments/);
    lines.err = [];
    const unreachable = loadConfig({
      DATABASE_URL: `postgres://kinroom:s3cret-password@127.0.0.1:${await freePort()}/kinroom`,
    });
    expect(await runAfterRestore([], out, err, unreachable)).toBe(2);
    expect(lines.err.join('\n').split('\n')).toHaveLength(1);
    expect(lines.err[0]).toMatch(/^kinroom admin after-restore: could not run: cannot reach the database/);
    expect([...lines.out, ...lines.err].join('\n')).not.toContain('s3cret-password');
  });

  it('starts on the restored copy and answers the same data', async () => {
    restored = await startTestApi({ db: await asTestDatabase(target), demo: false });
    const now = await answers(restored);
    expect(now.rooms).toEqual(atBackup.rooms);
    expect(now.history).toEqual(atBackup.history);
    expect(now.evidence).toEqual(atBackup.evidence);
    // pg-boss starts on the restored schema and still holds the job queued before the backup.
    const boss = newBoss(restored.db.url, { background: false, max: 1 });
    boss.on('error', () => {});
    await boss.start();
    try {
      expect(await boss.getJobById(MESSAGE_QUEUES.report, jobId)).toMatchObject({ state: 'created' });
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it('the evidence chain verifies with the backed-up key, and not with any other', async () => {
    const env = { DATABASE_URL: target.url, KINROOM_EVIDENCE_KEY: keyFile };
    const ok = await tsx('src/observations/evidence-verify.cli.ts', [maisie], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact:\s+yes/);
    expect(ok.out).toContain(String(atBackup.evidence!.headHash));
    // The key is not in the database: with any other key, the restored records cannot be vouched for.
    const other = await verifyEvidenceChain(
      restored!.db.orm.em.fork(),
      maisie,
      keyringFrom(newEvidenceKeyPem()),
      new Date(),
    );
    expect(other).toMatchObject({ intact: false, checkedRecords: atBackup.evidence!.checkedRecords });
  });

  it('a dashboard resumes from a cursor taken before the backup: the change it missed, then live ones', async () => {
    const api = restored!;
    const events = await boardEvents(api, beforeBackup.cursor, 2, () => setCondition(api, 'NEEDS_TIDYING'));
    expect(events.map((e) => e.cursor)).toEqual([beforeBackup.missed, expect.any(String)]);
    expect(events.map((e) => e.status)).toEqual(['ready', 'needs_tidying']);
  });

  it('a dashboard holding a cursor from after the backup is told to read its view again, never left behind', async () => {
    const api = restored!;
    // The restored copy has numbered new changes since it started; none takes the lost server's numbers.
    expect(await refusal(api, afterBackup)).toEqual(['CURSOR_STALE']);
    await setCondition(api, 'READY');
    await setCondition(api, 'NEEDS_TIDYING');
    expect(await refusal(api, afterBackup)).toEqual(['CURSOR_STALE']);
    // Subscribing afresh, as the refusal says, follows the board again.
    const [fresh] = await boardEvents(api, null, 1, () => setCondition(api, 'READY'));
    expect(fresh).toMatchObject({ subjectId: roomId, status: 'ready' });
  });
});
