import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden } from '../common/errors.js';

/**
 * Imports from the case system (docs/import.md): a council's admin imports its children, family members, carers and
 * cases, and reads its imports' progress and reports. Everything is written into, and every run looked up within,
 * the admin's own council: another council's run is NOT_FOUND, as one that does not exist. A machine client (an API
 * key) upserts record by record through the records API instead (docs/records.md).
 */
export function assertMayImport(viewer: Viewer): void {
  if (viewer.role !== 'admin' || viewer.apiKey) {
    throw forbidden('Only the council’s admins import from the case system.');
  }
}

/**
 * The account an import run from the command is made as: an active admin of the council, by email; null for anyone
 * else (the command says so and imports nothing).
 */
export async function importingAdminId(
  em: EntityManager,
  councilId: string,
  email: string,
): Promise<string | null> {
  const [admin] = await em.execute<{ id: string }[]>(
    `select id from staff_user where council_id = ? and lower(email) = ? and role = 'admin' and active`,
    [councilId, email],
  );
  return admin?.id ?? null;
}
