import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, type EmptyDatabase } from '../../test/machine-postgres.js';
import { runApiCommand, startApiProcess } from '../../test/processes.js';
import { MIGRATIONS } from './migrations/index.js';

let db: EmptyDatabase;
let sql: pg.Pool;

beforeAll(async () => {
  db = await emptyDatabase();
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

/** Production's way: migrating is its own step, and start only checks. */
const CHECK_ONLY = { KINROOM_MIGRATE_ON_START: 'false' };

describe('migrations as their own step', () => {
  it('refuses to serve an empty database until it is migrated, changing nothing', async () => {
    const run = await runApiCommand([], db.url, { ...CHECK_ONLY, PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe(
      `kinroom: the database schema is behind this version (${MIGRATIONS.length} migrations pending): run \`kinroom migrate\` first (docs/operations.md)`,
    );
    const tables = await sql.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
    expect(tables.rows[0].n).toBe(0);
  }, 120_000);

  it('migrates once when two processes run `migrate` at the same time on an empty database', async () => {
    const runs = await Promise.all([runApiCommand(['migrate'], db.url), runApiCommand(['migrate'], db.url)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    for (const r of runs) expect(r.err).toBe('');
    const lines = runs.map((r) => r.out.trim().split('\n').at(-1)).sort();
    // One applied everything; the other waited for the lock, then found nothing to do.
    expect(lines).toEqual(
      [
        `kinroom: applied ${MIGRATIONS.length} migrations: ${MIGRATIONS.map((m) => m.name).join(', ')}`,
        `kinroom: the database schema is up to date (${MIGRATIONS.length} migrations): nothing to apply`,
      ].sort(),
    );
    const applied = await sql.query<{ name: string }>('select name from schema_migration order by id');
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const queue = await sql.query(`select count(*)::int as n from pgboss.queue`);
    expect(queue.rows[0].n).toBeGreaterThan(0);
  }, 120_000);

  it('serves a migrated database without migrating on start', async () => {
    const api = await startApiProcess(db.url, CHECK_ONLY);
    try {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await api.kill();
    }
  }, 120_000);

  it('refuses a schema migrated by a newer version, to serve and to migrate', async () => {
    await sql.query(
      `insert into schema_migration (name, executed_at) values ('9999-from-a-newer-version', now())`,
    );
    try {
      const run = await runApiCommand([], db.url, { ...CHECK_ONLY, PORT: '0' });
      expect(run.code).toBe(1);
      expect(run.err.trim()).toBe(
        'kinroom: the database schema is ahead of this version (1 migration it does not know, such as 9999-from-a-newer-version): run the version that migrated it, or a newer one (docs/operations.md)',
      );
      const migrate = await runApiCommand(['migrate'], db.url);
      expect(migrate.code).toBe(1);
      expect(migrate.err).toMatch(/^kinroom: the database schema is ahead of this version/);
    } finally {
      await sql.query(`delete from schema_migration where name = '9999-from-a-newer-version'`);
    }
  }, 120_000);
});
