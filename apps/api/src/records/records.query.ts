import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import {
  assertCarerInReach,
  assertChildInReach,
  assertFamilyMemberInReach,
  assertMayReadRecords,
  recordsCarerAccess,
  recordsChildScopeSql,
} from '../access/records.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { pgArray } from '../db/pg-array.js';
import { nameSearch } from './find.query.js';
import { Carer, Child, ChildCase, FamilyMember } from '../people/child.entity.js';
import { StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import type {
  CarerDetailsType,
  ChildCaseType,
  ChildDetailsType,
  ChildMatchType,
  FamilyMemberDetailsType,
  RecordChangeType,
  WeeklySlotType,
} from './records.type.js';
import type { StaffMember } from '../auth/auth.type.js';

/** The most changes a record's history shows. */
export const MAX_CHANGES = 200;
/** The most children a search by name returns. */
export const MAX_MATCHES = 50;

interface ChangeRow {
  at: Date;
  record_type: string;
  record_id: string;
  action: string;
  changed_by_id: string | null;
  name: string | null;
  role: StaffRole | null;
  via: RecordChangeType['via'];
  changes: Record<string, [unknown, unknown]>;
}

/**
 * Reads of a child's records for those who keep them (access/records.ts). Each read of a child's record is written to
 * the access log before it is answered, with the parts read (`carer` only when the carer was shown).
 */
export class RecordsQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  /** The child's whole record; NOT_FOUND when out of reach. `reason` is what the access log says of the read. */
  async child(childId: string, reason = 'child record read'): Promise<ChildDetailsType> {
    assertMayReadRecords(this.viewer);
    if (!isUuid(childId)) throw notFound('child');
    await assertChildInReach(this.em, this.viewer, childId);
    return this.childRecord(childId, reason);
  }

  /**
   * The child's record, without a check of reach: for the answer to a change the viewer was allowed to make (after
   * closing or transferring their own case, a social worker still receives the record they have just changed).
   */
  async childRecord(childId: string, reason: string): Promise<ChildDetailsType> {
    const em = this.em;
    const child = await em.findOne(
      Child,
      { id: childId, councilId: this.viewer.councilId },
      { refresh: true },
    );
    if (!child) throw notFound('child');
    const carerShown = recordsCarerAccess(this.viewer) === 'full';
    const fields = ['id', 'externalId', 'names', 'dates', 'schoolPattern', 'family', 'cases', 'changes'];
    if (carerShown && child.carerId) fields.push('carer');
    await logChildReads(em, this.viewer, this.operation, [{ childId, fields, reason }]);

    const cases = await em.find(
      ChildCase,
      { childId, councilId: this.viewer.councilId },
      { orderBy: { openedAt: 'desc', id: 'desc' }, refresh: true },
    );
    const links = await em.execute<
      { family_member_id: string; relationship: string; parental_responsibility: boolean }[]
    >(
      `select cf.family_member_id, cf.relationship, cf.parental_responsibility
           from child_family_member cf join family_member f on f.id = cf.family_member_id
          where cf.child_id = ? and cf.council_id = ?
          order by f.last_name, f.first_name, f.id`,
      [childId, this.viewer.councilId],
    );
    const members = new Map(
      (
        await em.find(
          FamilyMember,
          { id: { $in: links.map((l) => l.family_member_id) }, councilId: this.viewer.councilId },
          { refresh: true },
        )
      ).map((f) => [f.id, f]),
    );
    const staff = await this.staff(cases.map((c) => c.socialWorkerId));
    const caseTypes = cases.map((c) => caseType(c, staff));
    let changes = await this.changes([
      ['child', [childId]],
      ['child_case', cases.map((c) => c.id)],
    ]);
    if (!carerShown) changes = withoutCarer(changes);
    const carer = carerShown && child.carerId ? await this.carerRecord(child.carerId) : null;
    return {
      id: child.id,
      externalId: child.externalId,
      firstName: child.firstName,
      lastName: child.lastName,
      dateOfBirth: child.dateOfBirth,
      dateOfDeath: child.dateOfDeath,
      retainUntil: child.retainUntil,
      schoolPattern: slots(child.schoolPattern),
      carer,
      family: await Promise.all(
        links
          .filter((l) => members.has(l.family_member_id))
          .map(async (l) => ({
            relationship: l.relationship,
            parentalResponsibility: l.parental_responsibility,
            familyMember: await this.familyMemberRecord(members.get(l.family_member_id)!),
          })),
      ),
      openCase: caseTypes.find((c) => c.closedAt === null) ?? null,
      cases: caseTypes,
      changes,
    };
  }

  /** A family member within reach, with their history; NOT_FOUND otherwise. */
  async familyMember(familyMemberId: string): Promise<FamilyMemberDetailsType> {
    assertMayReadRecords(this.viewer);
    if (!isUuid(familyMemberId)) throw notFound('family member');
    await assertFamilyMemberInReach(this.em, this.viewer, familyMemberId);
    const f = await this.em.findOne(
      FamilyMember,
      { id: familyMemberId, councilId: this.viewer.councilId },
      { refresh: true },
    );
    if (!f) throw notFound('family member');
    return this.familyMemberRecord(f);
  }

  /** A carer within reach, for those who may see carers (FORBIDDEN otherwise); NOT_FOUND when out of reach. */
  async carer(carerId: string): Promise<CarerDetailsType> {
    assertMayReadRecords(this.viewer);
    if (!isUuid(carerId)) throw notFound('carer');
    await assertCarerInReach(this.em, this.viewer, carerId);
    const c = await this.carerRecord(carerId);
    if (!c) throw notFound('carer');
    return c;
  }

  /** Children within reach whose first or family name (or "first last") holds `name`, by family name; at most 50. */
  async findChildren(name: string): Promise<ChildMatchType[]> {
    assertMayReadRecords(this.viewer);
    const search = nameSearch(name);
    if (!search) return [];
    const { term, pattern } = search;
    const scope = recordsChildScopeSql(this.viewer);
    const rows = await this.em.execute<
      {
        id: string;
        external_id: string | null;
        first_name: string;
        last_name: string;
        date_of_birth: string;
      }[]
    >(
      `select id, external_id, first_name, last_name, to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth
         from child
        where council_id = ? and id in (${scope.sql})
          and (first_name || ' ' || last_name ilike ? or last_name || ' ' || first_name ilike ?
               or external_id = ?)
        order by last_name, first_name, id
        limit ${MAX_MATCHES}`,
      [this.viewer.councilId, ...scope.params, pattern, pattern, term],
    );
    await logChildReads(
      this.em,
      this.viewer,
      this.operation,
      rows.map((r) => ({ childId: r.id, fields: ['names', 'dateOfBirth'], reason: 'child found by name' })),
    );
    return rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      firstName: r.first_name,
      lastName: r.last_name,
      dateOfBirth: r.date_of_birth,
    }));
  }

  /** The council's active social workers, by name: whom a case may be assigned or transferred to. */
  async socialWorkers(): Promise<StaffMember[]> {
    const rows = await this.em.find(
      StaffUser,
      { councilId: this.viewer.councilId, role: 'social_worker', active: true },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return rows.map((u) => ({ id: u.id, name: u.name, role: u.role }));
  }

  private async familyMemberRecord(f: FamilyMember): Promise<FamilyMemberDetailsType> {
    return {
      id: f.id,
      externalId: f.externalId,
      firstName: f.firstName,
      lastName: f.lastName,
      phone: f.phone,
      email: f.email,
      address: f.address,
      workPattern: slots(f.workPattern),
      contactBy: f.contactBy,
      doNotContact: f.doNotContact,
      doNotContactReason: f.doNotContactReason,
      changes: await this.changes([['family_member', [f.id]]]),
    };
  }

  private async carerRecord(carerId: string): Promise<CarerDetailsType | null> {
    const c = await this.em.findOne(
      Carer,
      { id: carerId, councilId: this.viewer.councilId },
      { refresh: true },
    );
    if (!c) return null;
    return {
      id: c.id,
      externalId: c.externalId,
      name: c.name,
      address: c.address,
      phone: c.phone,
      email: c.email,
      contactBy: c.contactBy,
      doNotContact: c.doNotContact,
      doNotContactReason: c.doNotContactReason,
      changes: await this.changes([['carer', [c.id]]]),
    };
  }

  private async staff(ids: readonly string[]): Promise<Map<string, StaffUser>> {
    if (ids.length === 0) return new Map();
    const rows = await this.em.find(StaffUser, {
      id: { $in: [...new Set(ids)] },
      councilId: this.viewer.councilId,
    });
    return new Map(rows.map((u) => [u.id, u]));
  }

  /** The change log of these records, newest first, at most MAX_CHANGES. */
  private async changes(
    records: readonly (readonly [string, readonly string[]])[],
  ): Promise<RecordChangeType[]> {
    const wanted = records.filter(([, ids]) => ids.length > 0);
    if (wanted.length === 0) return [];
    const where = wanted.map(() => '(l.record_type = ? and l.record_id = any(?::uuid[]))').join(' or ');
    const params = wanted.flatMap(([type, ids]) => [type, pgArray(ids)]);
    const rows = await this.em.execute<ChangeRow[]>(
      `select l.at, l.record_type, l.record_id, l.action, l.changed_by_id, s.name, s.role, l.via, l.changes
         from change_log l left join staff_user s on s.id = l.changed_by_id and s.council_id = l.council_id
        where l.council_id = ? and (${where})
        order by l.id desc
        limit ${MAX_CHANGES}`,
      [this.viewer.councilId, ...params],
    );
    return rows.map((r) => ({
      at: new Date(r.at),
      recordType: r.record_type,
      recordId: r.record_id,
      action: r.action,
      changedBy:
        r.changed_by_id && r.name && r.role ? { id: r.changed_by_id, name: r.name, role: r.role } : null,
      via: r.via,
      fields: Object.entries(r.changes ?? {}).map(([field, [before, after]]) => ({
        field,
        before: before === null || before === undefined ? null : JSON.stringify(before),
        after: after === null || after === undefined ? null : JSON.stringify(after),
      })),
    }));
  }
}

/** A change history without who the carer is: for those who may not see carers. */
function withoutCarer(changes: RecordChangeType[]): RecordChangeType[] {
  return changes
    .map((c) => ({ ...c, fields: c.fields.filter((f) => f.field !== 'carerId') }))
    .filter((c) => c.fields.length > 0 || c.action !== 'updated');
}

function caseType(c: ChildCase, staff: Map<string, StaffUser>): ChildCaseType {
  const u = staff.get(c.socialWorkerId);
  return {
    id: c.id,
    externalId: c.externalId,
    socialWorker: { id: c.socialWorkerId, name: u?.name ?? '', role: u?.role ?? 'social_worker' },
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    reviewingOfficerName: c.reviewingOfficerName,
    reviewingOfficerEmail: c.reviewingOfficerEmail,
  };
}

function slots(pattern: readonly { weekday: number; start: string; end: string }[] | null): WeeklySlotType[] {
  return (pattern ?? []).map((s) => ({ weekday: s.weekday, start: s.start, end: s.end }));
}
