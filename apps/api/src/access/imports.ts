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
