import type { QueryResult } from 'pg';

type Sql = (text: string, params?: unknown[]) => Promise<QueryResult>;

/** Tables that are not business data: the migrator's own bookkeeping. */
const NOT_BUSINESS = ['schema_migration'];

/**
 * A fingerprint of every business table: one hash per table over all of its rows, in one statement. Two equal
 * fingerprints mean no row was added, removed or changed in between.
 */
export async function fingerprint(
  sql: Sql,
  exclude: readonly string[] = [],
): Promise<Record<string, string>> {
  const tables = (
    await sql(
      `select table_name as t from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' and not (table_name = any($1))
        order by table_name`,
      [[...NOT_BUSINESS, ...exclude]],
    )
  ).rows.map((r: { t: string }) => r.t);
  const parts = tables.map(
    (t) =>
      `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from "${t}" x`,
  );
  const rows = (await sql(parts.join(' union all '))).rows as { t: string; h: string }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t] !== after[t]).sort();
}
