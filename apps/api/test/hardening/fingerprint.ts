import type { QueryResult } from 'pg';

type Sql = (text: string, params?: unknown[]) => Promise<QueryResult>;

/**
 * Tables that are not business data: the migrator's own bookkeeping, and the count of changes each caller has asked
 * for this minute (graphql/rate-limit.ts), which a refused change rightly adds to: a caller hammering at what it may
 * not do is slowed like any other.
 */
const NOT_BUSINESS = ['schema_migration', 'mutation_allowance'];

/** The statement that fingerprints a database's tables, built once per connection and exclusion list. */
const statements = new WeakMap<Sql, Map<string, string>>();

async function statementFor(sql: Sql, exclude: readonly string[], by: 'content' | 'row versions') {
  const key = `${by}:${exclude.join(',')}`;
  const known = statements.get(sql) ?? new Map<string, string>();
  statements.set(sql, known);
  const cached = known.get(key);
  if (cached) return cached;
  const tables = (
    await sql(
      `select table_name as t from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' and not (table_name = any($1))
        order by table_name`,
      [[...NOT_BUSINESS, ...exclude]],
    )
  ).rows.map((r: { t: string }) => r.t);
  const row = by === 'content' ? 'md5(x::text)' : `x.xmin::text || x.ctid::text`;
  const statement = tables
    .map(
      (t) =>
        `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(${row}, ',' order by ${row})), '') as h from "${t}" x`,
    )
    .join(' union all ');
  known.set(key, statement);
  return statement;
}

/**
 * A fingerprint of every business table: one hash per table over all of its rows, in one statement. Two equal
 * fingerprints mean no row was added, removed or changed in between. `by: 'row versions'` hashes each row's
 * version (the transaction that wrote it, and where) instead of its content: far cheaper, and just as sure to
 * change when a committed write touches the table, since PostgreSQL writes a new row version for every change.
 */
export async function fingerprint(
  sql: Sql,
  exclude: readonly string[] = [],
  by: 'content' | 'row versions' = 'content',
): Promise<Record<string, string>> {
  const rows = (await sql(await statementFor(sql, exclude, by))).rows as { t: string; h: string }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t] !== after[t]).sort();
}
