import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { forbidden, notFound } from '../common/errors.js';
import { assertScope, hasScope } from './api-scopes.js';
import { CASELOAD_SQL } from './children.js';

/**
 * Who keeps a child's records: the child, their family members and carers, the family links and the case
 * (docs/records.md; docs/access.md "A child's records"):
 * - a social worker: the children on their open caseload, those children's family members and carers, and what they
 *   have just created themselves and not yet linked to a child; a child they create opens a case to them;
 * - an admin: every record of their council (they set the council up, and import its case system's records);
 * - an integration: every record of its council, reading with the `read` scope, writing with `write`, and carers'
 *   identity and address only with `carers` as well (docs/domain.md rule 11);
 * - managers and supervisors: none of this (they read a child through `child(id)`, as before); admins read the
 *   records they keep, every read written to the access log.
 * A record out of reach is refused as NOT_FOUND, exactly as one that does not exist; a missing API-key scope is
 * FORBIDDEN.
 */
export type RecordsReach = 'council' | 'caseload';

/** How far the viewer reaches a child's records; null for a role that keeps none. */
export function recordsReach(viewer: Viewer): RecordsReach | null {
  switch (viewer.role) {
    case 'admin':
    case 'integrator':
      return 'council';
    case 'social_worker':
      return 'caseload';
    default:
      return null;
  }
}

function reach(viewer: Viewer): RecordsReach {
  const r = recordsReach(viewer);
  if (!r) throw forbidden('Only social workers, admins and integrations keep children’s records.');
  return r;
}

/** A read of the records: an integration needs its `read` scope. */
export function assertMayReadRecords(viewer: Viewer): RecordsReach {
  const r = reach(viewer);
  assertScope(viewer, 'read');
  return r;
}

/**
 * A change to the records: an integration needs its `write` scope, and `read` as well, since every change answers
 * with the record changed (a key that may only write would otherwise read any record by saving it unchanged). Both
 * are checked before anything is looked up or written.
 */
export function assertMayWriteRecords(viewer: Viewer): RecordsReach {
  const r = reach(viewer);
  assertScope(viewer, 'write');
  assertScope(viewer, 'read');
  return r;
}

/**
 * The child ids within the viewer's reach, as SQL with its parameters: their caseload for a social worker, the
 * council's children for an admin or integration. The caller adds `council_id = ?` on the child itself.
 */
export function recordsChildScopeSql(viewer: Viewer): { sql: string; params: unknown[] } {
  return reach(viewer) === 'council'
    ? { sql: 'select id from child where council_id = ?', params: [viewer.councilId] }
    : { sql: CASELOAD_SQL, params: [viewer.userId] };
}

async function exists(em: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  const [row] = await em.execute<{ ok: boolean }[]>(`select exists (${sql}) as ok`, params);
  return row?.ok === true;
}

/** The child is within the viewer's reach; NOT_FOUND otherwise, as for a child that does not exist. */
export async function assertChildInReach(em: EntityManager, viewer: Viewer, childId: string): Promise<void> {
  const scope = recordsChildScopeSql(viewer);
  const ok = await exists(
    em,
    `select 1 from child where id = ? and council_id = ? and id in (${scope.sql})`,
    [childId, viewer.councilId, ...scope.params],
  );
  if (!ok) throw notFound('child');
}

/**
 * A record a social worker created (through the change log), as a condition on the record's id column: between
 * creating a family member or carer and linking them to a child on their caseload, it is theirs alone.
 */
function createdBySql(idColumn: string, recordType: 'family_member' | 'carer'): string {
  return `exists (select 1 from change_log l
     where l.record_id = ${idColumn} and l.record_type = '${recordType}' and l.action = 'created'
       and l.changed_by_id = ?)`;
}

/**
 * The family members within the viewer's reach, as a condition on `family_member f` with its parameters: the
 * council's for an admin or integration; for a social worker, those of a child on their open caseload, and those
 * they created and nobody has linked to a child yet. Finding family members by name (records/find.query.ts) and
 * every check of one named by id (below) use this one condition, so what a social worker may find is exactly what
 * they may then open or link to another child of their caseload.
 */
export function familyMembersInReachSql(viewer: Viewer): { sql: string; params: unknown[] } {
  if (reach(viewer) === 'council') return { sql: 'f.council_id = ?', params: [viewer.councilId] };
  return {
    sql: `f.council_id = ? and (
      exists (select 1 from child_family_member cf where cf.family_member_id = f.id
                 and cf.child_id in (${CASELOAD_SQL}))
      or (not exists (select 1 from child_family_member cf where cf.family_member_id = f.id)
          and ${createdBySql('f.id', 'family_member')}))`,
    params: [viewer.councilId, viewer.userId, viewer.userId],
  };
}

/** The family member is within reach (familyMembersInReachSql); NOT_FOUND otherwise. */
export async function assertFamilyMemberInReach(
  em: EntityManager,
  viewer: Viewer,
  familyMemberId: string,
): Promise<void> {
  const scope = familyMembersInReachSql(viewer);
  const ok = await exists(em, `select 1 from family_member f where f.id = ? and ${scope.sql}`, [
    familyMemberId,
    ...scope.params,
  ]);
  if (!ok) throw notFound('family member');
}

/**
 * How much of carers the viewer receives through the records: everything for a social worker (of their caseload)
 * and an admin; for an integration, everything with the `carers` scope and nothing without (docs/domain.md rule 11).
 */
export function recordsCarerAccess(viewer: Viewer): 'full' | 'none' {
  switch (viewer.role) {
    case 'social_worker':
    case 'admin':
      return 'full';
    case 'integrator':
      return hasScope(viewer, 'carers') ? 'full' : 'none';
    default:
      return 'none';
  }
}

/** Reading or writing a carer, or setting a child's carer: refused (FORBIDDEN) without carer access. */
export function assertMayHandleCarers(viewer: Viewer): void {
  if (recordsCarerAccess(viewer) === 'full') return;
  assertScope(viewer, 'carers');
  throw forbidden('You may not see or change carers.');
}

/**
 * The carers within the viewer's reach, as a condition on `carer c` with its parameters: the council's for an admin
 * or integration; for a social worker, the carers of the children on their open caseload, and those they created
 * and no child lives with yet. Not the council's other carers, even by name only: a carer's identity and address say
 * where a child in care lives (docs/domain.md rule 11), and a social worker may place a child only with a carer in
 * this reach (saveChild), so a wider search would show them carers they could do nothing with. Finding carers by
 * name and every check of one named by id use this one condition (docs/access.md, "Choosing an existing family
 * member or carer").
 */
export function carersInReachSql(viewer: Viewer): { sql: string; params: unknown[] } {
  if (reach(viewer) === 'council') return { sql: 'c.council_id = ?', params: [viewer.councilId] };
  return {
    sql: `c.council_id = ? and (
      exists (select 1 from child ch where ch.carer_id = c.id and ch.id in (${CASELOAD_SQL}))
      or (not exists (select 1 from child ch where ch.carer_id = c.id) and ${createdBySql('c.id', 'carer')}))`,
    params: [viewer.councilId, viewer.userId, viewer.userId],
  };
}

/** The carer is within reach (carersInReachSql), for those who may see carers; NOT_FOUND otherwise. */
export async function assertCarerInReach(em: EntityManager, viewer: Viewer, carerId: string): Promise<void> {
  assertMayHandleCarers(viewer);
  const scope = carersInReachSql(viewer);
  const ok = await exists(em, `select 1 from carer c where c.id = ? and ${scope.sql}`, [
    carerId,
    ...scope.params,
  ]);
  if (!ok) throw notFound('carer');
}

/**
 * Finding family members and carers by name, to link an existing one to another child (`findFamilyMembers`,
 * `findCarers`): social workers and admins, who keep records in the dashboard. An integration names records by the
 * case system's ids instead and has no need to search people by name.
 */
export function assertMayFindPeople(viewer: Viewer): RecordsReach {
  if (viewer.role !== 'social_worker' && viewer.role !== 'admin') {
    throw forbidden('Only social workers and admins find family members and carers by name.');
  }
  return reach(viewer);
}

/** The integrations' change lists: an integration with its `read` scope, and nobody else. */
export function assertMayFollowChanges(viewer: Viewer): void {
  if (viewer.role !== 'integrator') throw forbidden('Only integrations follow the change lists.');
  assertScope(viewer, 'read');
}
