import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

interface Prepared {
  name: string;
  text: string;
}

const prepared = new Map<string, Prepared>();

/**
 * Runs a read as a named prepared statement on the ORM's own connection pool. MikroORM writes the values into the
 * SQL text, so PostgreSQL parses and plans every statement afresh; for the reads on the hot paths (a child's
 * history, the room board's inputs) planning cost as much as running them. A named statement is parsed once per
 * connection and its plan reused.
 *
 * `sql` uses `?` placeholders and must hold no values of its own: one text, one prepared statement, so the number of
 * distinct texts a caller can produce must be small and fixed (shapes, not data). Outside any transaction only.
 * The statement still passes through the ORM's `onQuery` hook and query logger, like every other statement.
 */
export async function queryPrepared<T>(
  em: Pick<EntityManager, 'config' | 'getConnection'>,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const config = em.config;
  const seen = config.get('onQuery')(sql, params as unknown[]);
  let statement = prepared.get(seen);
  if (!statement) {
    let n = 0;
    const text = seen.replace(/\?/g, () => `$${++n}`);
    statement = { name: `kinroom_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
    prepared.set(seen, statement);
  }
  const pool = await em.getConnection().getNativeClient();
  const started = performance.now();
  const result = await pool.query({ name: statement.name, text: statement.text, values: [...params] });
  config
    .getLogger()
    .logQuery({ query: seen, params: [...params], took: performance.now() - started, level: 'info' });
  return result.rows as T[];
}
