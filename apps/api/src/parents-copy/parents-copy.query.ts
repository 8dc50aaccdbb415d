import {
  compareParentsCopyDue,
  isParentsCopyOverdue,
  londonDateKey,
  parentsCopyDueDate,
} from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre, childScopeSql, parentsCopyStanding } from '../access/index.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import type { Viewer } from '../auth/viewer.js';
import type { FamilyMemberType } from '../children/child.type.js';
import { KinroomError, notFound } from '../common/errors.js';
import { Observation } from '../observations/observation.entity.js';
import { Session } from '../sessions/session.entity.js';
import { ParentsCopySharing } from './parents-copy.entity.js';
import type { ParentsCopyDueType, ParentsCopyType, ParentsCopyWithholdingType } from './parents-copy.type.js';

/** A final record whose parents' copy the viewer may read, with its session and how the viewer stands to it. */
export interface CopyRecord {
  o: Observation;
  session: Pick<Session, 'id' | 'centreId' | 'startsAt' | 'agreementId'>;
  standing: 'keeper' | 'reader';
}

/**
 * The record behind a parents' copy, for someone who knows of it (`parentsCopyStanding`), else NOT_FOUND; a record
 * that is not final has no copy yet (PARENTS_COPY_NOT_FINAL). `lock` holds the record, so that two changes to its
 * copy (two take-backs of one withholding, say) are made one after the other.
 */
export async function findCopyRecord(
  em: EntityManager,
  viewer: Viewer,
  observationId: string,
  lock = false,
): Promise<CopyRecord> {
  const o = await em.findOne(
    Observation,
    { id: observationId, councilId: viewer.councilId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!o) throw notFound('observation record');
  const session = await em.findOneOrFail(
    Session,
    { id: o.sessionId },
    { fields: ['centreId', 'startsAt', 'agreementId'] },
  );
  const standing = await parentsCopyStanding(em, viewer, o, session.centreId);
  if (!standing) throw notFound('observation record');
  if (o.status !== 'final') {
    throw new KinroomError(
      'PARENTS_COPY_NOT_FINAL',
      'This observation record is not final yet: the parents’ copy is prepared and shared once it is issued.',
      { status: o.status.toUpperCase() },
    );
  }
  return { o, session, standing };
}

interface FamilyRow {
  id: string;
  first_name: string;
  last_name: string;
  relationship: string;
}

interface WithholdingRow {
  id: string;
  what: string;
  reason: string;
  recorded_at: Date;
  by_id: string;
  by_name: string;
  by_role: StaffRole;
  released_at: Date | null;
  release_reason: string | null;
  released_by_id: string | null;
  released_by_name: string | null;
  released_by_role: StaffRole | null;
}

const toFamily = (r: FamilyRow): FamilyMemberType => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  relationship: r.relationship,
});

/** Reads of the parents' copy (docs/parents-copy.md); every read of a child's copy is written to the access log. */
export class ParentsCopyQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
    private readonly now: Date,
  ) {}

  /** One record's copy: due date, withholdings and sharings, for its social worker and its centre's manager. */
  async status(observationId: string): Promise<ParentsCopyType> {
    const record = await findCopyRecord(this.em, this.viewer, observationId);
    await this.log([record.o.childId], 'read the parents’ copy of an observation record');
    return this.describe(record);
  }

  /** The copy as it stands, read within whatever transaction `em` is (a change answers with it). */
  async describe({ o, session }: CopyRecord, em: EntityManager = this.em): Promise<ParentsCopyType> {
    const [participants, withholdings, sharings] = await Promise.all([
      this.participants(em, session.agreementId, o.childId),
      this.withholdings(em, o.id),
      em.find(
        ParentsCopySharing,
        { observationId: o.id },
        { orderBy: { sharedAt: 'asc', recordedAt: 'asc', id: 'asc' } },
      ),
    ]);
    const people = new Map(participants.map((p) => [p.id, p]));
    const missing = [...new Set(sharings.flatMap((s) => s.sharedWith))].filter((id) => !people.has(id));
    for (const p of await this.family(em, missing, o.childId)) people.set(p.id, p);
    const staff = await this.staff(em, [...new Set(sharings.map((s) => s.recordedById))]);
    const sessionDate = londonDateKey(session.startsAt);
    const dueDate = parentsCopyDueDate(session.startsAt);
    return {
      observationId: o.id,
      sessionId: session.id,
      childId: o.childId,
      sessionDate,
      dueDate,
      shared: sharings.length > 0,
      overdue: sharings.length === 0 && isParentsCopyOverdue(dueDate, this.now),
      participants,
      withholdings,
      sharings: sharings.map((s) => ({
        id: s.id,
        sharedWith: s.sharedWith.flatMap((id) => people.get(id) ?? []),
        method: s.method,
        sharedAt: s.sharedAt,
        recordedAt: s.recordedAt,
        recordedBy: staff.get(s.recordedById) ?? { id: s.recordedById, name: '', role: 'social_worker' },
      })),
    };
  }

  /**
   * The manager's list: final records of sessions at their own centre, of children with current work there, whose
   * copy nobody has shared yet, the earliest due (so every overdue one) first.
   */
  async due(centreId: string): Promise<ParentsCopyDueType[]> {
    assertCentre(this.viewer, centreId);
    const scope = childScopeSql(this.viewer);
    if (!scope) return [];
    const rows = await this.em.execute<
      {
        observation_id: string;
        session_id: string;
        child_id: string;
        starts_at: Date;
        first_name: string;
        last_name: string;
        withheld: number;
      }[]
    >(
      `select o.id as observation_id, o.session_id, o.child_id, s.starts_at, c.first_name, c.last_name,
              (select count(*) from parents_copy_withholding w where w.observation_id = o.id
                 and not exists (select 1 from parents_copy_release r where r.withholding_id = w.id))::int as withheld
         from observation o
         join session s on s.id = o.session_id
         join child c on c.id = o.child_id
        where o.council_id = ? and o.status = 'final' and s.centre_id = ? and o.child_id in (${scope.sql})
          and not exists (select 1 from parents_copy_sharing p where p.observation_id = o.id)`,
      [this.viewer.councilId, centreId, ...scope.params],
    );
    const list = rows
      .map((r): ParentsCopyDueType & { childId: string } => {
        const dueDate = parentsCopyDueDate(new Date(r.starts_at));
        return {
          observationId: r.observation_id,
          sessionId: r.session_id,
          childId: r.child_id,
          childInitials: `${r.first_name.slice(0, 1)}. ${r.last_name.slice(0, 1)}.`,
          sessionDate: londonDateKey(new Date(r.starts_at)),
          dueDate,
          overdue: isParentsCopyOverdue(dueDate, this.now),
          withheldParts: r.withheld,
        };
      })
      .sort(compareParentsCopyDue);
    await this.log(
      list.map((r) => r.childId),
      'listed parents’ copies due to be shared',
    );
    return list;
  }

  /** The family members named on the session's agreement: those who take part in its contact. */
  private async participants(em: EntityManager, agreementId: string, childId: string) {
    const rows = await em.execute<FamilyRow[]>(
      `select f.id, f.first_name, f.last_name, coalesce(cf.relationship, '') as relationship
         from agreement_participant p
         join family_member f on f.id = p.family_member_id
         left join child_family_member cf on cf.family_member_id = f.id and cf.child_id = ?
        where p.agreement_id = ? and p.council_id = ?
        order by f.first_name, f.id`,
      [childId, agreementId, this.viewer.councilId],
    );
    return rows.map(toFamily);
  }

  private async family(em: EntityManager, ids: string[], childId: string): Promise<FamilyMemberType[]> {
    if (ids.length === 0) return [];
    const rows = await em.execute<FamilyRow[]>(
      `select f.id, f.first_name, f.last_name, coalesce(cf.relationship, '') as relationship
         from family_member f
         left join child_family_member cf on cf.family_member_id = f.id and cf.child_id = ?
        where f.id in (?) and f.council_id = ?`,
      [childId, ids, this.viewer.councilId],
    );
    return rows.map(toFamily);
  }

  private async withholdings(
    em: EntityManager,
    observationId: string,
  ): Promise<ParentsCopyWithholdingType[]> {
    const rows = await em.execute<WithholdingRow[]>(
      `select w.id, w.what, w.reason, w.recorded_at, u.id as by_id, u.name as by_name, u.role as by_role,
              r.recorded_at as released_at, r.reason as release_reason,
              ru.id as released_by_id, ru.name as released_by_name, ru.role as released_by_role
         from parents_copy_withholding w
         join staff_user u on u.id = w.recorded_by_id
         left join parents_copy_release r on r.withholding_id = w.id
         left join staff_user ru on ru.id = r.recorded_by_id
        where w.observation_id = ? and w.council_id = ?
        order by w.recorded_at, w.id`,
      [observationId, this.viewer.councilId],
    );
    return rows.map((r) => ({
      id: r.id,
      what: r.what,
      reason: r.reason,
      recordedAt: new Date(r.recorded_at),
      recordedBy: { id: r.by_id, name: r.by_name, role: r.by_role },
      released: r.released_at !== null,
      releasedAt: r.released_at && new Date(r.released_at),
      releaseReason: r.release_reason,
      releasedBy:
        r.released_by_id && r.released_by_name && r.released_by_role
          ? { id: r.released_by_id, name: r.released_by_name, role: r.released_by_role }
          : null,
    }));
  }

  private async staff(em: EntityManager, ids: string[]) {
    if (ids.length === 0) return new Map<string, { id: string; name: string; role: StaffRole }>();
    const rows = await em.execute<{ id: string; name: string; role: StaffRole }[]>(
      'select id, name, role from staff_user where id in (?)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  private log(childIds: readonly string[], reason: string): Promise<void> {
    return logChildReads(
      this.em,
      this.viewer,
      this.operation,
      [...new Set(childIds)].map((childId) => ({ childId, fields: ['parents_copy'], reason })),
    );
  }
}
