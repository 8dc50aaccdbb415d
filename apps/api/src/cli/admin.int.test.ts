import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../../test/global-setup.js';
import { startApiProcess } from '../../test/processes.js';

const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
const name = `kinroom_cli_${randomBytes(6).toString('hex')}`;
const url = withDatabase(inject('pgAdminUrl'), name);

async function onServer<T>(work: (c: pg.Client) => Promise<T>, database = inject('pgAdminUrl')): Promise<T> {
  const c = new pg.Client({ connectionString: database });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Runs `kinroom admin …` as the operator does: a separate process, on the database named by DATABASE_URL. */
function admin(...argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...argv], {
      cwd: API_DIR,
      // The operator's environment (PATH, the toolchain), with the database to set up.
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

const BOOTSTRAP = [
  'bootstrap',
  '--council',
  'Coxford County Council',
  '--admin-email',
  'Lee.Turner@Coxford.example',
  '--admin-name',
  'Lee Turner',
];

beforeAll(() => onServer((c) => c.query(`create database ${name}`)));
afterAll(() => onServer((c) => c.query(`drop database if exists ${name} with (force)`)));

describe('kinroom admin', () => {
  it('help is the default, and lists bootstrap and import', async () => {
    const r = await admin();
    expect(r.code).toBe(0);
    expect(r.out).toContain('bootstrap');
    expect(r.out).toContain('import');
  });

  it('refuses an unknown command and a bootstrap without its options, with exit code 1', async () => {
    expect((await admin('bootsrap')).code).toBe(1);
    const r = await admin('bootstrap', '--council', 'Coxford');
    expect(r.code).toBe(1);
    expect(r.err).toContain('missing --admin-email, --admin-name');
  });

  it('the server on an empty database says how to bootstrap it', async () => {
    const server = await startApiProcess(url);
    try {
      expect(server.output()).toContain('./kinroom admin bootstrap --council');
    } finally {
      await server.kill();
    }
  }, 90_000);

  it('bootstrap creates the council and its first admin, with change-log rows, and says what to do next', async () => {
    const r = await admin(...BOOTSTRAP);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('KINROOM_OIDC_');
    expect(r.out).toContain('lee.turner@coxford.example');
    const rows = await onServer(async (c) => {
      const council = (await c.query('select id, name from council')).rows;
      const staff = (await c.query('select id, council_id, email, role, active, centre_id from staff_user'))
        .rows;
      const log = (
        await c.query('select record_type, record_id, action, via, changed_by_id from change_log order by id')
      ).rows;
      return { council, staff, log };
    }, url);
    expect(rows.council).toEqual([{ id: expect.any(String), name: 'Coxford County Council' }]);
    expect(rows.staff).toEqual([
      {
        id: expect.any(String),
        council_id: rows.council[0].id,
        email: 'lee.turner@coxford.example',
        role: 'admin',
        active: true,
        centre_id: null,
      },
    ]);
    expect(rows.log).toEqual([
      {
        record_type: 'council',
        record_id: rows.council[0].id,
        action: 'created',
        via: 'command',
        changed_by_id: null,
      },
      {
        record_type: 'staff_user',
        record_id: rows.staff[0].id,
        action: 'created',
        via: 'command',
        changed_by_id: null,
      },
    ]);
  });

  it('refuses a second bootstrap once an admin exists, with exit code 1, and changes nothing', async () => {
    const r = await admin(
      'bootstrap',
      '--council',
      'Another',
      '--admin-email',
      'x@y.example',
      '--admin-name',
      'X Y',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('already has an admin');
    const n = await onServer(
      async (c) => (await c.query('select count(*)::int as n from council')).rows[0].n,
      url,
    );
    expect(n).toBe(1);
  });
});
