import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { make } from '../db/make.js';
import { ChangeLogEntry, type ChangeVia, type FieldChanges } from './change-log.entity.js';

export type { ChangeVia, FieldChanges };

/**
 * The fields that differ between `before` and `after`, as `[before, after]`, compared by value (arrays and objects
 * as JSON). Fields only in `after` count as changed from null: pass `{}` as `before` for a new record.
 */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChanges {
  const out: FieldChanges = {};
  for (const [name, value] of Object.entries(after)) {
    const was = before[name] ?? null;
    const now = value ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) out[name] = [was, now];
  }
  return out;
}

/** How a signed-in viewer's change arrived: through an API key it is the API, else the dashboard. */
export function viaOf(viewer: Viewer): ChangeVia {
  return viewer.apiKey ? 'api' : 'dashboard';
}

export interface NewChange {
  councilId: string;
  recordType: string;
  recordId: string;
  action: string;
  changedById: string | null;
  via: ChangeVia;
  changes?: FieldChanges;
}

/**
 * Adds a change-log row to the caller's unit of work, so that it commits with the change it describes, or not at
 * all. Every write of set-up and administration goes through here; the log is append-only in the database.
 */
export function recordChange(em: EntityManager, change: NewChange): ChangeLogEntry {
  const row = make(ChangeLogEntry, { ...change, changes: change.changes ?? {} });
  em.persist(row);
  return row;
}
