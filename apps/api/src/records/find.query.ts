import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation, type ChildRead } from '../access/access-log.service.js';
import {
  assertMayFindPeople,
  assertMayHandleCarers,
  carersInReachSql,
  familyMembersInReachSql,
  recordsChildScopeSql,
} from '../access/records.js';
import type { Viewer } from '../auth/viewer.js';
import { pgArray } from '../db/pg-array.js';
import type { CarerMatchType, FamilyMemberMatchType } from './find.type.js';
import type { ChildMatchType } from './records.type.js';

/** The most family members or carers a search by name returns. */
export const MAX_FOUND = 20;

/**
 * What a search by name looks for: the words given, trimmed and with runs of spaces made one, and the `ilike`
 * pattern that finds them anywhere in a name (`%` and `_` typed are matched as themselves). Null for fewer than 2
 * characters, which would match nearly everyone: such a search finds nothing.
 */
export function nameSearch(name: string): { term: string; pattern: string } | null {
  const term = name.trim().replace(/\s+/g, ' ');
  if (term.length < 2) return null;
  return { term, pattern: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}

interface ChildRow {
  id: string;
  external_id: string | null;
  first_name: string;
  last_name: string;
  date_of_birth: string;
}

const CHILD_COLUMNS = `ch.id, ch.external_id, ch.first_name, ch.last_name,
  to_char(ch.date_of_birth, 'YYYY-MM-DD') as date_of_birth`;

/**
 * Finding a family member or carer already on record, to link them to another child: a mother of siblings in care,
 * a foster carer who looks after several children. What is found, and the children shown with each, are within the
 * viewer's reach (access/records.ts) and nothing more; each child shown is written to the access log, with the part
 * of their record it reveals (`family` or `carer`), before the answer is given.
 */
export class FindQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  /** Family members within reach whose name (either order) holds `name`, or whose case-system id is exactly it. */
  async familyMembers(name: string): Promise<FamilyMemberMatchType[]> {
    assertMayFindPeople(this.viewer);
    const search = nameSearch(name);
    if (!search) return [];
    const scope = familyMembersInReachSql(this.viewer);
    const members = await this.em.execute<
      { id: string; external_id: string | null; first_name: string; last_name: string }[]
    >(
      `select f.id, f.external_id, f.first_name, f.last_name
         from family_member f
        where ${scope.sql}
          and (f.first_name || ' ' || f.last_name ilike ? or f.last_name || ' ' || f.first_name ilike ?
               or f.external_id = ?)
        order by f.last_name, f.first_name, f.id
        limit ${MAX_FOUND}`,
      [...scope.params, search.pattern, search.pattern, search.term],
    );
    if (members.length === 0) return [];
    const children = recordsChildScopeSql(this.viewer);
    const links = await this.em.execute<(ChildRow & { family_member_id: string; relationship: string })[]>(
      `select cf.family_member_id, cf.relationship, ${CHILD_COLUMNS}
         from child_family_member cf join child ch on ch.id = cf.child_id
        where cf.family_member_id = any(?::uuid[]) and ch.council_id = ? and ch.id in (${children.sql})
        order by ch.last_name, ch.first_name, ch.id`,
      [pgArray(members.map((m) => m.id)), this.viewer.councilId, ...children.params],
    );
    await this.log(links, 'family', 'family member found by name');
    return members.map((m) => ({
      id: m.id,
      externalId: m.external_id,
      firstName: m.first_name,
      lastName: m.last_name,
      children: links
        .filter((l) => l.family_member_id === m.id)
        .map((l) => ({ child: childMatch(l), relationship: l.relationship })),
    }));
  }

  /** Carers within reach whose name holds `name`, or whose case-system id is exactly it. */
  async carers(name: string): Promise<CarerMatchType[]> {
    assertMayFindPeople(this.viewer);
    assertMayHandleCarers(this.viewer);
    const search = nameSearch(name);
    if (!search) return [];
    const scope = carersInReachSql(this.viewer);
    const carers = await this.em.execute<{ id: string; external_id: string | null; name: string }[]>(
      `select c.id, c.external_id, c.name
         from carer c
        where ${scope.sql} and (c.name ilike ? or c.external_id = ?)
        order by c.name, c.id
        limit ${MAX_FOUND}`,
      [...scope.params, search.pattern, search.term],
    );
    if (carers.length === 0) return [];
    const children = recordsChildScopeSql(this.viewer);
    const placed = await this.em.execute<(ChildRow & { carer_id: string })[]>(
      `select ch.carer_id, ${CHILD_COLUMNS}
         from child ch
        where ch.carer_id = any(?::uuid[]) and ch.council_id = ? and ch.id in (${children.sql})
        order by ch.last_name, ch.first_name, ch.id`,
      [pgArray(carers.map((c) => c.id)), this.viewer.councilId, ...children.params],
    );
    await this.log(placed, 'carer', 'carer found by name');
    return carers.map((c) => ({
      id: c.id,
      externalId: c.external_id,
      name: c.name,
      children: placed.filter((p) => p.carer_id === c.id).map(childMatch),
    }));
  }

  /** One access-log row per child shown (a child shown with two people found is one read). */
  private async log(rows: readonly ChildRow[], part: 'family' | 'carer', reason: string): Promise<void> {
    const reads = new Map<string, ChildRead>();
    for (const r of rows) reads.set(r.id, { childId: r.id, fields: ['names', 'dateOfBirth', part], reason });
    await logChildReads(this.em, this.viewer, this.operation, [...reads.values()]);
  }
}

function childMatch(r: ChildRow): ChildMatchType {
  return {
    id: r.id,
    externalId: r.external_id,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
  };
}
