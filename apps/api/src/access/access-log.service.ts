import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';

export interface ChildRead {
  childId: string;
  /** Which parts of the record were read, e.g. ['sessions', 'observations', 'flags']. */
  fields: readonly string[];
  reason: string;
}

/**
 * Writes one access-log row per child read (who, which child, which fields, when, from which operation). It runs
 * outside any business transaction so that a read is logged even when the rest of the operation fails.
 */
export async function logChildReads(
  em: EntityManager,
  viewer: Viewer,
  operation: string | null,
  reads: readonly ChildRead[],
): Promise<void> {
  if (reads.length === 0) return;
  const values = reads.map(() => '(?, ?, ?, ?, array[?]::text[], ?, ?)').join(', ');
  const params = reads.flatMap((r) => [
    viewer.councilId,
    viewer.userId,
    viewer.role,
    r.childId,
    [...r.fields],
    operation,
    r.reason,
  ]);
  await em
    .getConnection()
    .execute(
      `insert into access_log (council_id, user_id, role, child_id, fields, operation, reason) values ${values}`,
      params,
    );
}
