import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../../test/global-setup.js';

const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
const name = `kinroom_import_${randomBytes(6).toString('hex')}`;
const url = withDatabase(inject('pgAdminUrl'), name);
let dir: string;
let councilId: string;

async function sql(text: string, params: unknown[] = [], database = url): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: database });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

/** Runs `kinroom admin …` as the operator does: a separate process, on the database named by DATABASE_URL. */
function admin(...argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...argv], {
      cwd: API_DIR,
      // The operator's environment (PATH, the toolchain), with the database to import into.
      // eslint-disable-next-line no-restricted-properties
      env: { ...process.env, DATABASE_URL: url, KINROOM_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

async function file(fileName: string, content: string): Promise<string> {
  const path = join(dir, fileName);
  await writeFile(path, content);
  return path;
}

const counts = async () =>
  (
    await sql(`select (select count(*) from child)::int as children, (select count(*) from carer)::int as carers,
                      (select count(*) from child_case)::int as cases, (select count(*) from change_log)::int as log`)
  ).rows[0];

beforeAll(async () => {
  await sql(`create database ${name}`, [], inject('pgAdminUrl'));
  dir = await mkdtemp(join(tmpdir(), 'kinroom-import-'));
  const boot = await admin(
    'bootstrap',
    '--council',
    'Importshire Council',
    '--admin-email',
    'ada.admin@importshire.example',
    '--admin-name',
    'Ada Admin',
  );
  expect(boot.code).toBe(0);
  councilId = (await sql('select id from council')).rows[0].id;
  await sql(
    `insert into staff_user (id, council_id, name, email, role) values (gen_random_uuid(), $1, 'Sol Worker', 'sol@importshire.example', 'social_worker')`,
    [councilId],
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await sql(`drop database if exists ${name} with (force)`, [], inject('pgAdminUrl'));
});

describe('kinroom admin import', () => {
  it('previews with --dry-run, changing nothing, then imports, and a second run finds everything unchanged', async () => {
    const carers = await file(
      'carers.csv',
      'carer_id,name,address,phone\nC1,Jo Foster,"1 Elm Road, Importshire",\n',
    );
    const children = await file(
      'children.csv',
      'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours\n' +
        'K1,Ava,Command,31/03/2016,,C1,\nK2,Ben,Command,2017-05-01,,,\n',
    );
    const cases = await file(
      'cases.csv',
      'case_id,child_id,social_worker_email\nS1,K1,sol@importshire.example\n',
    );
    const who = ['import', '--council', councilId, '--as', 'Ada.Admin@importshire.example'];

    const before = await counts();
    const dry = await admin(...who, '--dry-run', children, cases, carers);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('children.csv: 2 would be created, 0 would be updated, 0 unchanged, 0 refused');
    expect(dry.out).toContain('Dry run, nothing changed: 4 would be created');
    expect(await counts()).toEqual(before);

    const run = await admin(...who, children, cases, carers);
    expect(run.err).toContain('imported 4 of 4 rows');
    expect(run.out).toContain('4 created, 0 updated, 0 unchanged, 0 refused.');
    expect(run.code).toBe(0);
    const made = await counts();
    expect(made).toMatchObject({ children: 2, carers: 1, cases: 1 });
    const [kept] = (await sql(`select status, via, created, rows_done from import_run`)).rows;
    expect(kept).toEqual({ status: 'succeeded', via: 'command', created: 4, rows_done: 4 });

    const again = await admin(...who, children, cases, carers);
    expect(again.out).toContain('0 created, 0 updated, 4 unchanged, 0 refused.');
    expect(again.code).toBe(0);
    expect(await counts()).toEqual(made);
  }, 120_000);

  it('exits 2 when rows are refused, listing each with its reasons, and 1 on a file error', async () => {
    const children = await file(
      'children.csv',
      'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours\n' +
        'K3,Cal,Command,2018-01-01,,NOPE,\nK4,Dee,Command,2018-02-01,,,Mon-Fry 09:00-15:00\nK5,Eve,Command,2018-03-01,,,\n',
    );
    const who = ['import', '--council', councilId, '--as', 'ada.admin@importshire.example'];
    const r = await admin(...who, children);
    expect(r.code).toBe(2);
    expect(r.out).toContain('row 2 (K3) carer_id: no carer NOPE in carers.csv or in Kinroom');
    expect(r.out).toContain('row 3 (K4) school_hours: "Fry" is not a day');
    expect(r.out).toContain('1 created, 0 updated, 0 unchanged, 2 refused.');

    const bad = await file('cases.csv', 'case_id,child_id\nS9,K5\n');
    const f = await admin(...who, bad);
    expect(f.code).toBe(1);
    expect(f.err).toContain('cases.csv line 1: missing column social_worker_email');

    const notAdmin = await admin(
      'import',
      '--council',
      councilId,
      '--as',
      'sol@importshire.example',
      children,
    );
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.err).toContain('is not an active admin of council');
  }, 120_000);
});
