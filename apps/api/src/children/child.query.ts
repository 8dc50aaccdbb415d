import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { agreementsShown, assertCanReadChild, carerAccess, type CarerAccess } from '../access/index.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { Carer, Child } from '../people/child.entity.js';
import type { CarerType, ChildRecordType, FamilyMemberType } from './child.type.js';

/** One child's record for a viewer who may read it, with carers only for those allowed (docs/domain.md rule 11). */
export class ChildRecordQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  async record(childId: string, selected: ReadonlySet<string>): Promise<ChildRecordType> {
    if (!isUuid(childId)) throw notFound('child');
    await assertCanReadChild(this.em, this.viewer, childId);
    const child = await this.em.findOneOrFail(Child, { id: childId, councilId: this.viewer.councilId });
    const carerShown = carerAccess(this.viewer);
    const wantsCarer = selected.has('carer') && carerShown !== 'none';
    const agreementsOf = agreementsShown(this.viewer);
    const wantsAgreements = selected.has('agreements') && agreementsOf !== 'none';
    const read = [...selected]
      .filter((f) => !f.includes('.'))
      .filter((f) => (f === 'carer' ? wantsCarer : f === 'agreements' ? wantsAgreements : true))
      .map((f) => (f === 'carer' && carerShown === 'contact' ? 'carer_contact' : f));
    const fields = read.length > 0 ? read : ['id'];
    await logChildReads(this.em, this.viewer, this.operation, [
      { childId, fields, reason: 'child record read' },
    ]);
    const [familyMembers, agreements, carer] = await Promise.all([
      selected.has('familyMembers') ? this.familyMembers(childId) : Promise.resolve([]),
      wantsAgreements ? this.agreements(childId, agreementsOf) : Promise.resolve(null),
      wantsCarer && child.carerId ? this.carer(child.carerId, carerShown) : Promise.resolve(null),
    ]);
    return {
      id: child.id,
      firstName: child.firstName,
      lastName: child.lastName,
      dateOfBirth: child.dateOfBirth,
      retainUntil: child.retainUntil,
      familyMembers,
      agreements,
      carer,
    };
  }

  private familyMembers(childId: string): Promise<FamilyMemberType[]> {
    return this.em
      .execute<{ id: string; first_name: string; last_name: string; relationship: string }[]>(
        `select f.id, f.first_name, f.last_name, cf.relationship
           from child_family_member cf join family_member f on f.id = cf.family_member_id
          where cf.child_id = ? and cf.council_id = ?
          order by f.first_name, f.id`,
        [childId, this.viewer.councilId],
      )
      .then((rows) =>
        rows.map((r) => ({
          id: r.id,
          firstName: r.first_name,
          lastName: r.last_name,
          relationship: r.relationship,
        })),
      );
  }

  /** The child's agreements the viewer reads (`agreementsShown`): a manager's centre's, or all of them. */
  private async agreements(
    childId: string,
    shown: { centreId: string } | 'all',
  ): Promise<ContactAgreement[]> {
    return this.em.find(
      ContactAgreement,
      { childId, councilId: this.viewer.councilId, ...(shown === 'all' ? {} : { centreId: shown.centreId }) },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  private async carer(carerId: string, shown: CarerAccess): Promise<CarerType | null> {
    const c = await this.em.findOne(Carer, { id: carerId, councilId: this.viewer.councilId });
    if (!c) return null;
    return { name: c.name, address: shown === 'full' ? c.address : null, phone: c.phone };
  }
}
