import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { make } from '../db/make.js';
import { ChangeLogEntry, type ChangeVia, type FieldChanges } from './change-log.entity.js';

export type { ChangeVia, FieldChanges };

/**
 * A value as JSON with every object's keys in one order, so that equal values compare equal: PostgreSQL hands a
 * stored `jsonb` object back with its keys in its own order, not in the order they were written.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The fields that differ between `before` and `after`, as `[before, after]`, compared by value (arrays and objects
 * by their content, whatever the order of their keys). Fields only in `after` count as changed from null: pass `{}`
 * as `before` for a new record.
 */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const out: FieldChanges = {};
  for (const [name, value] of Object.entries(after)) {
    const was = before[name] ?? null;
    const now = value ?? null;
    if (canonical(was) !== canonical(now)) out[name] = [was, now];
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
