import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

interface Prepared {
  name: string;
  text: string;
}

const prepared = new Map<string, Prepared>();

/**
 * The most statement texts prepared per process (so per connection). Every operation a client sends can choose a
 * text (the history's shape follows the fields asked for), and each prepared statement keeps its parse tree and plans
 * in the connection's memory until the connection closes; past this many, a new text runs unprepared instead: parsed
 * and planned each time, nothing kept. The texts the product's own clients use are a few dozen.
 */
export const MAX_PREPARED_TEXTS = 64;

/**
 * Runs a read as a named prepared statement on the ORM's own connection pool. MikroORM writes the values into the
 * SQL text, so PostgreSQL parses and plans every statement afresh; for the reads on the hot paths (a child's
 * history, the room board's inputs) planning cost as much as running them. A named statement is parsed once per
 * connection and its plan reused.
 *
 * `sql` uses `?` placeholders and must hold no values of its own: one text, one prepared statement, so the number of
 * distinct texts a caller can produce must be small and fixed (shapes, not data); past `MAX_PREPARED_TEXTS` texts,
 * new ones run unprepared. Outside any transaction only.
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
  let named = statement !== undefined;
  if (!statement) {
    let n = 0;
    const text = seen.replace(/\?/g, () => `$${++n}`);
    statement = { name: `kinroom_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
    named = prepared.size < MAX_PREPARED_TEXTS;
    if (named) prepared.set(seen, statement);
  }
  const pool = await em.getConnection().getNativeClient();
  const started = performance.now();
  const values = [...params];
  const result = await pool.query(
    named ? { name: statement.name, text: statement.text, values } : { text: statement.text, values },
  );
  config
    .getLogger()
    .logQuery({ query: seen, params: [...params], took: performance.now() - started, level: 'info' });
  return result.rows as T[];
}
