import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCarerInReach,
  assertChildInReach,
  assertFamilyMemberInReach,
  assertMayHandleCarers,
  assertMayWriteRecords,
} from '../access/records.js';
import { viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { CarerInput, ChildInput, FamilyMemberInput } from './records.inputs.js';
import {
  assignCase,
  setReviewingOfficer,
  closeCase,
  findIdByExternalId,
  linkFamilyMember,
  saveCarer,
  saveChild,
  saveFamilyMember,
  unlinkFamilyMember,
  type RecordKind,
  type Writer,
} from './save.js';

/** A record named by Kinroom's id or by the case system's. */
export interface Ref {
  id?: string | null;
  externalId?: string | null;
}

/**
 * Changes to a child's records through the API, for those who keep them (access/records.ts). Each change runs in one
 * transaction: the reach checks, the save (save.ts) and, for a child a social worker creates, the case opened to
 * them. Returns the id of the record to answer with.
 */
export class RecordsService {
  private readonly writer: Writer;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    this.writer = { councilId: viewer.councilId, userId: viewer.userId, via: viaOf(viewer) };
  }

  async saveChild(input: ChildInput): Promise<string> {
    const reach = assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const id = await this.target(tx, 'child', input, 'child');
      if (id) await assertChildInReach(tx, this.viewer, id);
      let carerId: string | null | undefined = input.carerId;
      // Who may not see carers learns nothing of them, not even whether a case-system id names one.
      if (carerId !== undefined || (input.carerExternalId !== undefined && input.carerExternalId !== null)) {
        assertMayHandleCarers(this.viewer);
      }
      if (input.carerExternalId !== undefined && input.carerExternalId !== null) {
        if (input.carerId) {
          throw badInput('Name the carer by carerId or carerExternalId, not both.', {
            field: 'carerExternalId',
          });
        }
        carerId = await findIdByExternalId(tx, this.viewer.councilId, 'carer', input.carerExternalId);
        if (!carerId)
          throw badInput('There is no carer with that case-system id.', { field: 'carerExternalId' });
      }
      if (carerId !== undefined) {
        if (carerId !== null) {
          if (!isUuid(carerId)) throw badInput('There is no such carer.', { field: 'carerId' });
          await assertCarerInReach(tx, this.viewer, carerId).catch(() => {
            throw badInput('There is no such carer.', { field: 'carerId' });
          });
        }
      }
      const saved = await saveChild(tx, this.writer, {
        id: id ?? undefined,
        externalId: input.externalId,
        firstName: input.firstName,
        lastName: input.lastName,
        dateOfBirth: input.dateOfBirth,
        dateOfDeath: input.dateOfDeath,
        carerId,
        schoolPattern: input.schoolPattern,
      });
      if (saved.outcome === 'created' && reach === 'caseload') {
        await assignCase(tx, this.writer, { childId: saved.id, socialWorkerId: this.viewer.userId });
      }
      return saved.id;
    });
  }

  async saveFamilyMember(input: FamilyMemberInput): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const id = await this.target(tx, 'family_member', input, 'family member');
      if (id) await assertFamilyMemberInReach(tx, this.viewer, id);
      const saved = await saveFamilyMember(tx, this.writer, { ...input, id: id ?? undefined });
      return saved.id;
    });
  }

  async saveCarer(input: CarerInput): Promise<string> {
    assertMayWriteRecords(this.viewer);
    assertMayHandleCarers(this.viewer);
    return this.em.transactional(async (tx) => {
      const id = await this.target(tx, 'carer', input, 'carer');
      if (id) await assertCarerInReach(tx, this.viewer, id);
      const saved = await saveCarer(tx, this.writer, { ...input, id: id ?? undefined });
      return saved.id;
    });
  }

  async linkFamilyMember(
    child: Ref,
    member: Ref,
    relationship: string,
    parentalResponsibility: boolean,
  ): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const childId = await this.existing(tx, 'child', child, 'child');
      await assertChildInReach(tx, this.viewer, childId);
      const familyMemberId = await this.existing(tx, 'family_member', member, 'family member');
      await assertFamilyMemberInReach(tx, this.viewer, familyMemberId);
      await linkFamilyMember(tx, this.writer, {
        childId,
        familyMemberId,
        relationship,
        parentalResponsibility,
      });
      return childId;
    });
  }

  async unlinkFamilyMember(child: Ref, member: Ref): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const childId = await this.existing(tx, 'child', child, 'child');
      await assertChildInReach(tx, this.viewer, childId);
      const familyMemberId = await this.existing(tx, 'family_member', member, 'family member');
      await assertFamilyMemberInReach(tx, this.viewer, familyMemberId);
      await unlinkFamilyMember(tx, this.writer, { childId, familyMemberId });
      return childId;
    });
  }

  async assignCase(
    child: Ref,
    socialWorkerId: string,
    externalId: string | null | undefined,
  ): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const childId = await this.existing(tx, 'child', child, 'child');
      await assertChildInReach(tx, this.viewer, childId);
      await assignCase(tx, this.writer, { childId, socialWorkerId, externalId });
      return childId;
    });
  }

  async setReviewingOfficer(
    child: Ref,
    name: string | null | undefined,
    email: string | null | undefined,
  ): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const childId = await this.existing(tx, 'child', child, 'child');
      await assertChildInReach(tx, this.viewer, childId);
      await setReviewingOfficer(tx, this.writer, { childId, name, email });
      return childId;
    });
  }

  async closeCase(child: Ref): Promise<string> {
    assertMayWriteRecords(this.viewer);
    return this.em.transactional(async (tx) => {
      const childId = await this.existing(tx, 'child', child, 'child');
      await assertChildInReach(tx, this.viewer, childId);
      await closeCase(tx, this.writer, { childId });
      return childId;
    });
  }

  /** The record an input names: its id, or the id of its external id's record; null for a new record. */
  private async target(tx: EntityManager, kind: RecordKind, ref: Ref, what: string): Promise<string | null> {
    if (ref.id !== undefined && ref.id !== null) {
      if (!isUuid(ref.id)) throw notFound(what);
      return ref.id.toLowerCase();
    }
    if (ref.externalId === undefined || ref.externalId === null) return null;
    return findIdByExternalId(tx, this.viewer.councilId, kind, ref.externalId.trim());
  }

  /** An existing record named by id or external id (exactly one of them); NOT_FOUND when there is none. */
  private async existing(tx: EntityManager, kind: RecordKind, ref: Ref, what: string): Promise<string> {
    const byId = ref.id !== undefined && ref.id !== null;
    const byExternal = ref.externalId !== undefined && ref.externalId !== null;
    if (byId === byExternal) {
      const field = kind === 'family_member' ? 'familyMember' : kind;
      throw badInput(`Name the ${what} by ${field}Id or ${field}ExternalId (one of them).`, {
        field: `${field}Id`,
      });
    }
    const id = await this.target(tx, kind, ref, what);
    if (!id) throw notFound(what);
    return id;
  }
}
