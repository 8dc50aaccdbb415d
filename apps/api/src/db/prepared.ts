import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { databaseOf } from './orm.js';

interface Prepared {
  name: string;
  text: string;
}

const prepared = new Map<string, Prepared>();

/** Set while a document that is not trusted runs (graphql/executor.ts). */
const untrusted = new AsyncLocalStorage<true>();

/**
 * Runs `work` for a document that is not one of the trusted documents: a statement text it is the first to reach is
 * run unprepared, and never kept. Texts follow the fields an operation asks for (a history's columns), so any client
 * could otherwise choose texts without end, and each prepared statement keeps its parse tree and plans in its
 * connection's memory until the connection closes. The texts the server prepares are then its own (fixed texts, and
 * those of the trusted documents): a few dozen.
 */
export function runUntrusted<T>(work: () => T): T {
  return untrusted.run(true, work);
}

/**
 * Runs a read as a named prepared statement on the ORM's own connection pool. MikroORM writes the values into the
 * SQL text, so PostgreSQL parses and plans every statement afresh; for the reads on the hot paths (a child's
 * history, the room board's inputs) planning cost as much as running them. A named statement is parsed once per
 * connection and its plan reused.
 *
 * `sql` uses `?` placeholders and must hold no values of its own: one text, one prepared statement, so the texts a
 * caller can produce must be shapes, not data (see `runUntrusted`). Outside any transaction only.
 * The statement still passes through the ORM's `onQuery` hook and query logger, like every other statement.
 * Behind a pooler in transaction mode (`DatabaseSettings.pooled`) a named statement would be sent to server
 * connections that never prepared it: there every statement is unnamed, still with its values apart from the text.
 */
export async function queryPrepared<T>(
  em: Pick<EntityManager, 'config' | 'getConnection'>,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const config = em.config;
  const seen = config.get('onQuery')(sql, params as unknown[]);
  const named = !databaseOf(em).pooled;
  let statement = named ? prepared.get(seen) : undefined;
  if (named && !statement && untrusted.getStore() === undefined) {
    const text = numbered(seen);
    statement = { name: `kinroom_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
    prepared.set(seen, statement);
  }
  const pool = await em.getConnection().getNativeClient();
  const started = performance.now();
  const values = [...params];
  const result = await pool
    .query(statement ? { ...statement, values } : { text: numbered(seen), values })
    .catch((err: unknown) => {
      if (!LOST_STATEMENT.has((err as { code?: string }).code ?? '')) throw err;
      const lost = new PoolerInTheWayError();
      // Said once where IT looks, whichever request met it first (a sign-in check's failure is not logged).
      if (!poolerReported) process.stderr.write(`kinroom: ${lost.message}\n`);
      poolerReported = true;
      throw lost;
    });
  config
    .getLogger()
    .logQuery({ query: seen, params: [...params], took: performance.now() - started, level: 'info' });
  return result.rows as T[];
}

/** A named statement missing on the connection it was prepared on, or found on one it was not prepared on. */
const LOST_STATEMENT = new Set(['26000', '42P05']);
let poolerReported = false;

/** What a pooler in transaction mode does to named statements, said so that IT knows the setting to change. */
export class PoolerInTheWayError extends Error {
  constructor() {
    super(
      'a prepared statement was lost between connections: DATABASE_URL goes through a pooler in transaction mode, so KINROOM_DATABASE_DIRECT_URL must be set (docs/operations.md, "The database")',
    );
  }
}

/** The text with PostgreSQL's numbered placeholders for MikroORM's `?`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
