import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { useFragment as unmask } from '@kinroom/schema';
import { auth } from '../../app/auth';
import type { CarerFields } from './CarerPanel.vue';
import type { FamilyMemberFields } from './FamilyMemberDialog.vue';
import {
  AssignCaseDoc,
  ChildKeptRecordDoc,
  KeptChildFields,
  CloseCaseDoc,
  SetReviewingOfficerDoc,
  LinkFamilyMemberDoc,
  SaveCarerDoc,
  SaveChildDoc,
  SaveFamilyMemberDoc,
  UnlinkFamilyMemberDoc,
  type ChildFields,
  type ChildRecord,
  type FamilyLinkRecord,
} from './records-operations';

/** A record made by the first of two steps (the family member, the carer), so that a retry does not make another. */
export interface Pending {
  id: string | null;
}

/**
 * A child's record and every change the record page makes to it. Each change answers with the whole record, which
 * replaces the one shown (Apollo's cache, by the record's id); each action resolves to the sentence that confirms it.
 */
export function useChildRecord(childId: Ref<string>) {
  const q = useQuery(ChildKeptRecordDoc, () => ({ id: childId.value }), { fetchPolicy: 'cache-and-network' });
  const record = computed<ChildRecord | null>(() => {
    const c = q.result.value?.childDetails;
    return c ? unmask(KeptChildFields, c) : null;
  });
  const socialWorkers = computed(() => q.result.value?.socialWorkers ?? []);
  const name = computed(() => record.value?.firstName ?? 'the child');

  const saveChildM = useMutation(SaveChildDoc);
  const saveMemberM = useMutation(SaveFamilyMemberDoc);
  const linkM = useMutation(LinkFamilyMemberDoc);
  const unlinkM = useMutation(UnlinkFamilyMemberDoc);
  const saveCarerM = useMutation(SaveCarerDoc);
  const assignM = useMutation(AssignCaseDoc);
  const closeM = useMutation(CloseCaseDoc);
  const officerM = useMutation(SetReviewingOfficerDoc);

  /** The fields saveChild always needs, as saved, so that changing only the carer keeps the rest. */
  const savedIdentity = () => {
    const c = record.value!;
    return { id: c.id, firstName: c.firstName, lastName: c.lastName, dateOfBirth: c.dateOfBirth };
  };

  async function saveDetails(fields: ChildFields): Promise<string> {
    await saveChildM.mutate({ input: { id: childId.value, ...fields } });
    return `${fields.firstName}’s details are saved.`;
  }

  async function saveFamilyMember(
    link: FamilyLinkRecord | null,
    f: FamilyMemberFields,
    pending: Pending,
  ): Promise<string> {
    const { relationship, parentalResponsibility, ...member } = f;
    const r = await saveMemberM.mutate({
      input: { id: link?.familyMember.id ?? pending.id, ...member },
    });
    const memberId = r?.data?.saveFamilyMember?.id;
    if (!memberId) throw new Error('The family member was not saved.');
    pending.id = memberId;
    await linkM.mutate({
      childId: childId.value,
      familyMemberId: memberId,
      relationship,
      parentalResponsibility,
    });
    return link
      ? `${f.firstName} ${f.lastName}’s details are saved.`
      : `${f.firstName} ${f.lastName} is recorded as ${name.value}’s ${relationship}.`;
  }

  /** Links someone already on record (found by name) to this child: their own details stay as they are. */
  async function linkExistingFamilyMember(
    familyMemberId: string,
    memberName: string,
    relationship: string,
    parentalResponsibility: boolean,
  ): Promise<string> {
    await linkM.mutate({ childId: childId.value, familyMemberId, relationship, parentalResponsibility });
    return `${memberName} is recorded as ${name.value}’s ${relationship}.`;
  }

  async function removeFamilyMember(link: FamilyLinkRecord): Promise<string> {
    await unlinkM.mutate({ childId: childId.value, familyMemberId: link.familyMember.id });
    return `${link.familyMember.firstName} ${link.familyMember.lastName} is no longer listed in ${name.value}’s family.`;
  }

  async function saveCarer(f: CarerFields, placeWithNew: boolean, pending: Pending): Promise<string> {
    const current = record.value?.carer?.id ?? null;
    const r = await saveCarerM.mutate({ input: { id: placeWithNew ? pending.id : current, ...f } });
    const carerId = r?.data?.saveCarer?.id;
    if (!carerId) throw new Error('The carer was not saved.');
    pending.id = carerId;
    // A correction answers with the carer, which the record shows at once; a new carer is then made the child's.
    if (carerId !== current) await saveChildM.mutate({ input: { ...savedIdentity(), carerId } });
    return placeWithNew
      ? `${name.value} is recorded as living with ${f.name}.`
      : 'The carer’s details are saved.';
  }

  /** Places the child with a carer already on record (found by name). */
  async function placeWithCarer(carerId: string, carerName: string): Promise<string> {
    await saveChildM.mutate({ input: { ...savedIdentity(), carerId } });
    return `${name.value} is recorded as living with ${carerName}.`;
  }

  async function clearCarer(): Promise<string> {
    await saveChildM.mutate({ input: { ...savedIdentity(), carerId: null } });
    return `No carer is recorded for ${name.value} now.`;
  }

  async function assignCase(socialWorkerId: string): Promise<string> {
    await assignM.mutate({ childId: childId.value, socialWorkerId });
    const to = socialWorkers.value.find((s) => s.id === socialWorkerId)?.name ?? 'the social worker chosen';
    return socialWorkerId === auth.session?.user.id
      ? `${name.value}’s case is on your caseload now.`
      : `${name.value}’s case is with ${to} now.`;
  }

  /** The child's independent reviewing officer on the open case; blank fields clear what was recorded. */
  async function setReviewingOfficer(officer: { name: string; email: string }): Promise<string> {
    await officerM.mutate({
      childId: childId.value,
      name: officer.name.trim() || null,
      email: officer.email.trim() || null,
    });
    return `${name.value}’s reviewing officer is saved.`;
  }

  async function closeCase(): Promise<string> {
    await closeM.mutate({ childId: childId.value });
    return `${name.value}’s case is closed.`;
  }

  return {
    record,
    socialWorkers,
    loading: q.loading,
    error: q.error,
    refetch: () => q.refetch(),
    saveDetails,
    saveFamilyMember,
    linkExistingFamilyMember,
    removeFamilyMember,
    saveCarer,
    placeWithCarer,
    clearCarer,
    assignCase,
    setReviewingOfficer,
    closeCase,
  };
}
