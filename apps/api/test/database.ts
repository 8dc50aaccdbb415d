import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openOrm, type Orm } from '../src/db/orm.js';
import { withDatabase } from './global-setup.js';

export interface TestDatabase {
  url: string;
  name: string;
  orm: Orm;
  /** A plain client for assertions made directly in SQL. */
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `kinroom_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('templateDatabase')}`));
  const url = withDatabase(inject('pgAdminUrl'), name);
  const orm = await openOrm(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Dropping the database ends any connection still idle here; that is expected, not a test failure.
  pool.on('error', () => {});
  return {
    url,
    name,
    orm,
    sql: (text, params) => pool.query(text, params),
    drop: async () => {
      await orm.close(true);
      await pool.end();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
