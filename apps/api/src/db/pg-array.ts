/**
 * A list of values sent to PostgreSQL as ONE parameter (`= any(?::uuid[])`, `= any(?::text[])`): one statement shape
 * whatever the list's length, where an `in (?, ?, …)` list would make a new statement text for every length.
 *
 * MikroORM writes a JavaScript array parameter out as a comma-separated list, so the array goes as PostgreSQL's
 * array literal, each value quoted (a comma, a quote or a backslash in a value stays inside it).
 */
export function pgArray(values: Iterable<string>): string {
  const quoted = [...values].map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`);
  return `{${quoted.join(',')}}`;
}

/** The distinct ids given (empty ones dropped) as one array literal, or null when none is left: nothing to read. */
export function idArray(ids: Iterable<string | null | undefined>): string | null {
  const distinct = [...new Set(ids)].filter((id): id is string => !!id);
  return distinct.length > 0 ? pgArray(distinct) : null;
}
