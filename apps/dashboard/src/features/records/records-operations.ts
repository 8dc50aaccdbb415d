import { graphql } from '@kinroom/schema';
import type { KeptChildFieldsFragment, FindChildrenQuery } from '@kinroom/schema';
import type { WeeklySlot } from '@kinroom/domain';

/*
 * A child's record, as their social worker or the council's admin keeps it (the API's docs/records.md). Every
 * change answers with the whole record, so the page shows what was saved, the retention date it implies and the
 * change history's new line at once, from one fragment.
 */
export const KeptChildFields = graphql(`
  fragment KeptChildFields on ChildDetails {
    id
    firstName
    lastName
    dateOfBirth
    dateOfDeath
    retainUntil
    schoolPattern {
      weekday
      start
      end
    }
    carer {
      id
      name
      phone
      address
      email
      contactBy
      doNotContact
      doNotContactReason
      changes {
        at
        recordType
        recordId
        action
        via
        changedBy {
          id
          name
        }
        fields {
          field
          before
          after
        }
      }
    }
    family {
      relationship
      parentalResponsibility
      familyMember {
        id
        firstName
        lastName
        phone
        email
        address
        contactBy
        doNotContact
        doNotContactReason
        workPattern {
          weekday
          start
          end
        }
        changes {
          at
          recordType
          recordId
          action
          via
          changedBy {
            id
            name
          }
          fields {
            field
            before
            after
          }
        }
      }
    }
    openCase {
      id
      openedAt
      socialWorker {
        id
        name
      }
      reviewingOfficerName
      reviewingOfficerEmail
    }
    changes {
      at
      recordType
      recordId
      action
      via
      changedBy {
        id
        name
      }
      fields {
        field
        before
        after
      }
    }
  }
`);

export const ChildKeptRecordDoc = graphql(`
  query ChildKeptRecord($id: ID!) {
    childDetails(id: $id) {
      ...KeptChildFields
    }
    socialWorkers {
      id
      name
    }
  }
`);

export const FindChildrenDoc = graphql(`
  query FindChildren($name: String!) {
    findChildren(name: $name) {
      id
      firstName
      lastName
      dateOfBirth
    }
  }
`);

export const SocialWorkersDoc = graphql(`
  query SocialWorkers {
    socialWorkers {
      id
      name
    }
  }
`);

export const SaveChildDoc = graphql(`
  mutation SaveChild($input: ChildInput!) {
    saveChild(input: $input) {
      ...KeptChildFields
    }
  }
`);

export const SaveFamilyMemberDoc = graphql(`
  mutation SaveFamilyMember($input: FamilyMemberInput!) {
    saveFamilyMember(input: $input) {
      id
    }
  }
`);

export const LinkFamilyMemberDoc = graphql(`
  mutation LinkFamilyMember(
    $childId: ID!
    $familyMemberId: ID!
    $relationship: String!
    $parentalResponsibility: Boolean!
  ) {
    linkFamilyMember(
      childId: $childId
      familyMemberId: $familyMemberId
      relationship: $relationship
      parentalResponsibility: $parentalResponsibility
    ) {
      ...KeptChildFields
    }
  }
`);

export const UnlinkFamilyMemberDoc = graphql(`
  mutation UnlinkFamilyMember($childId: ID!, $familyMemberId: ID!) {
    unlinkFamilyMember(childId: $childId, familyMemberId: $familyMemberId) {
      ...KeptChildFields
    }
  }
`);

export const SaveCarerDoc = graphql(`
  mutation SaveCarer($input: CarerInput!) {
    saveCarer(input: $input) {
      id
      name
      phone
      address
      email
      contactBy
      doNotContact
      doNotContactReason
      changes {
        at
        recordType
        recordId
        action
        via
        changedBy {
          id
          name
        }
        fields {
          field
          before
          after
        }
      }
    }
  }
`);

export const AssignCaseDoc = graphql(`
  mutation AssignCase($childId: ID!, $socialWorkerId: ID!) {
    assignCase(childId: $childId, socialWorkerId: $socialWorkerId) {
      ...KeptChildFields
    }
  }
`);

export const SetReviewingOfficerDoc = graphql(`
  mutation SetReviewingOfficer($childId: ID!, $name: String, $email: String) {
    setReviewingOfficer(childId: $childId, name: $name, email: $email) {
      ...KeptChildFields
    }
  }
`);

export const CloseCaseDoc = graphql(`
  mutation CloseCase($childId: ID!) {
    closeCase(childId: $childId) {
      ...KeptChildFields
    }
  }
`);

export type ChildMatch = FindChildrenQuery['findChildren'][number];

/** A child's record as the page shows it. */
export type ChildRecord = KeptChildFieldsFragment;
export type FamilyLinkRecord = ChildRecord['family'][number];
export type CarerRecord = NonNullable<ChildRecord['carer']>;
export type CaseRecord = NonNullable<ChildRecord['openCase']>;
export type ChangeRecord = ChildRecord['changes'][number];
/** A change with the name of the family member or carer it concerns, when it is not the child's own. */
export type ChangeOnRecord = ChangeRecord & { subject?: string };

export interface StaffRef {
  id: string;
  name: string;
}

/** What the details form saves: the child's names, dates and school timetable. */
export interface ChildFields {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** Left out: unchanged. */
  dateOfDeath?: string | null;
  /** Left out: unchanged. */
  schoolPattern?: WeeklySlot[];
}
