import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPostgresProcess, type PostgresProcess } from './postgres-process.js';
import { openOrm } from '../src/db/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL to a database on the test cluster from which others can be created. */
    pgAdminUrl: string;
    /** A migrated database that every test file clones. */
    templateDatabase: string;
  }
}

/**
 * One real PostgreSQL for the whole run: `DATABASE_URL` when given, otherwise an embedded one in a throwaway folder.
 * The schema is migrated once into a template; each test file clones it into a database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: PostgresProcess | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = await mkdtemp(join(tmpdir(), 'kinroom-test-'));
    await chmod(dir, 0o755);
    embedded = await startPostgresProcess(dir);
    adminUrl = embedded.url('postgres');
  }
  const template = `kinroom_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const orm = await openOrm(withDatabase(adminUrl, template));
  await orm.close(true);

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    } else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${template} with (force)`);
      await c.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
