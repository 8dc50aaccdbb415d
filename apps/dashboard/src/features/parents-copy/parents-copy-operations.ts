import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { ParentsCopyDueListQuery, ParentsCopyFieldsFragment } from '@kinroom/schema';

/** The centre manager's list of final records whose parents' copy is still to be shared (docs/parents-copy.md). */
export const ParentsCopyDueDoc = graphql(`
  query ParentsCopyDueList($centreId: ID!) {
    parentsCopyDue(centreId: $centreId) {
      observationId
      sessionId
      childInitials
      sessionDate
      dueDate
      overdue
      withheldParts
    }
  }
`);

export type DueCopy = ParentsCopyDueListQuery['parentsCopyDue'][number];

export const ParentsCopyFields = graphql(`
  fragment ParentsCopyFields on ParentsCopy {
    observationId
    sessionDate
    dueDate
    overdue
    shared
    participants {
      id
      firstName
      lastName
      relationship
    }
    withholdings {
      id
      what
      reason
      recordedAt
      recordedBy {
        id
        name
      }
      released
      releasedAt
      releaseReason
    }
    sharings {
      id
      method
      sharedAt
      recordedBy {
        id
        name
      }
      sharedWith {
        id
        firstName
        lastName
      }
    }
  }
`);

/** One final record's parents' copy, for the child's social worker. */
export const ParentsCopyStatusDoc = graphql(`
  query ParentsCopyStatus($observationId: ID!) {
    parentsCopy(observationId: $observationId) {
      ...ParentsCopyFields
    }
  }
`);

export type ParentsCopy = ParentsCopyFieldsFragment;

/** The copy's fields out of an answer that carries them as the fragment. */
export const parentsCopy = (c: FragmentType<typeof ParentsCopyFields>): ParentsCopy =>
  unmask(ParentsCopyFields, c);

export const WithholdFromParentsCopyDoc = graphql(`
  mutation WithholdFromParentsCopy($observationId: ID!, $what: String!, $reason: String!) {
    withholdFromParentsCopy(observationId: $observationId, what: $what, reason: $reason) {
      ...ParentsCopyFields
    }
  }
`);

export const RecordParentsCopySharedDoc = graphql(`
  mutation RecordParentsCopyShared(
    $observationId: ID!
    $sharedWith: [ID!]!
    $how: ParentsCopyMethod!
    $at: DateTimeISO!
  ) {
    recordParentsCopyShared(observationId: $observationId, sharedWith: $sharedWith, how: $how, at: $at) {
      ...ParentsCopyFields
    }
  }
`);

export const ReleaseParentsCopyWithholdingDoc = graphql(`
  mutation ReleaseParentsCopyWithholding($withholdingId: ID!, $reason: String!) {
    releaseParentsCopyWithholding(withholdingId: $withholdingId, reason: $reason) {
      ...ParentsCopyFields
    }
  }
`);
