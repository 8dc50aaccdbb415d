/**
 * The bench's own PostgreSQL: the embedded binaries in a process of their own (as the API's tests run them), with
 * pg_stat_statements loaded so that statements per request can be counted, and one database migrated by Kinroom's
 * own migrations.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openOrm } from '../../apps/api/src/db/orm.js';
import { startPostgresProcess, type PostgresProcess } from '../../apps/api/test/postgres-process.js';
import { openPool } from './pool.js';

export const DATABASE = 'kinroom_bench';
export const WRITER_ROLE = 'kinroom_writer';
/** The login of the API process whose fan-out is measured, so that its outbox reads are counted alone. */
export const FANOUT_ROLE = 'kinroom_fanout';
/** The logins of the three API processes of the cluster scenario, one each, so that each one's reads are counted. */
export const CLUSTER_ROLES = ['kinroom_node_1', 'kinroom_node_2', 'kinroom_node_3'];

export interface BenchDatabase {
  url: string;
  /** The same database as another login (WRITER_ROLE, FANOUT_ROLE). */
  urlAs(role: string): string;
  dir: string;
  postgres: PostgresProcess;
  pool: pg.Pool;
  /** The server's version string, e.g. "PostgreSQL 18.0 ...". */
  version: string;
  statementsTracked: boolean;
  stop(): Promise<void>;
}

/** The bench's own logins' password: a throwaway cluster on loopback, gone when the bench ends. */
const ROLE_PASSWORD = 'kinroom-bench';

export async function startBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-bench-'));
  await chmod(dir, 0o755);
  let postgres = await startPostgresProcess(dir);
  const port = postgres.port;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: postgres.url('postgres') });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let statementsTracked = true;
  try {
    await admin(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await postgres.stop();
    postgres = await startPostgresProcess(dir, port);
  } catch (err) {
    statementsTracked = false;
    log(
      `bench: pg_stat_statements unavailable (${(err as Error).message}); statement counts will be missing`,
    );
  }
  await admin(`create database ${DATABASE}`);
  // Logins of their own for the writing and the measured Kinroom processes, so that their statements can be told apart.
  for (const role of [WRITER_ROLE, FANOUT_ROLE, ...CLUSTER_ROLES])
    await admin(`create role ${role} login superuser password '${ROLE_PASSWORD}'`);
  const url = postgres.url(DATABASE);
  const orm = await openOrm(url);
  await orm.close();
  const pool = openPool(url, 8);
  if (statementsTracked) {
    try {
      await pool.query('create extension if not exists pg_stat_statements');
    } catch {
      statementsTracked = false;
    }
  }
  const version = (await pool.query<{ v: string }>('select version() as v')).rows[0]!.v;
  return {
    url,
    urlAs: (role) => {
      const as = new URL(url);
      as.username = role;
      as.password = ROLE_PASSWORD;
      return as.toString();
    },
    dir,
    postgres,
    pool,
    version,
    statementsTracked,
    stop: async () => {
      await pool.end().catch(() => {});
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Statements run against the bench database since the last reset, leaving out the bench's own bookkeeping. */
export async function statementCalls(pool: pg.Pool): Promise<{ query: string; calls: number }[]> {
  const r = await pool.query<{ query: string; calls: string }>(
    `select s.query, s.calls::text as calls from pg_stat_statements s
       join pg_database d on d.oid = s.dbid
      where d.datname = $1 and s.query not ilike '%pg_stat_statements%' and s.query not ilike '%pg_stat_%'
      order by s.calls desc`,
    [DATABASE],
  );
  return r.rows.map((x) => ({ query: x.query, calls: Number(x.calls) }));
}

export async function resetStatements(pool: pg.Pool): Promise<void> {
  await pool.query('select pg_stat_statements_reset()');
}

/**
 * How often the API process logged in as `role` read the outbox with its reader's statement since the last reset:
 * statements (catch-up ticks that found nothing included) and rows (each event read counts once per read).
 */
export async function outboxReads(pool: pg.Pool, role: string): Promise<{ calls: number; rows: number }> {
  const r = await pool.query<{ calls: string; rows: string }>(
    `select coalesce(sum(s.calls), 0)::text as calls, coalesce(sum(s.rows), 0)::text as rows
       from pg_stat_statements s join pg_roles u on u.oid = s.userid join pg_database d on d.oid = s.dbid
      where d.datname = $1 and u.rolname = $2 and s.query ilike '%from event where id > $1 order by event.id limit $2%'`,
    [DATABASE, role],
  );
  return { calls: Number(r.rows[0]!.calls), rows: Number(r.rows[0]!.rows) };
}
