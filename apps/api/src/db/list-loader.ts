import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupByKeys } from '../common/group.js';

/**
 * A batch loader of lists, one per key: one statement for however many keys an operation asks about, taking the keys
 * and the viewer's council as its two parameters (`in (?)` and `council_id = ?`); each row goes, as `map` answers
 * it, to its key's list in the statement's order. `more`, when given, supplies the parameters of any further `?`
 * after those two (a condition on who is asking, say).
 */
export function listLoader<R extends object, V>(
  em: EntityManager,
  councilId: () => string | null,
  statement: string,
  keyOf: (r: R) => string,
  map: (r: R) => V,
  more: () => unknown[] = () => [],
): DataLoader<string, V[]> {
  const sql = em.getConnection();
  return new DataLoader<string, V[]>(async (ids) => {
    const rows = await sql.execute<R[]>(statement, [[...ids], councilId(), ...more()]);
    return groupByKeys(ids, rows, keyOf).map((list) => list.map(map));
  });
}
