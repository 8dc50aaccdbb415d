/**
 * Rows put in lists, one list per key in the order of `keys` (empty where a key has no rows), each in the rows'
 * order: what a DataLoader's batch function returns for rows read for many keys in one statement.
 */
export function groupByKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (v: V) => K): V[][] {
  const lists = new Map<K, V[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = lists.get(k);
    if (list) list.push(r);
    else lists.set(k, [r]);
  }
  return keys.map((k) => lists.get(k) ?? []);
}
