import { graphql } from '@kinroom/schema';
import type {
  AgreementEventFieldsFragment,
  AgreementFormOptionsQuery,
  AgreementLifeCycleFieldsFragment,
} from '@kinroom/schema';

/**
 * What the next steps of an agreement's life need: its terms (to review, or to write the next one from), its family
 * (for the meeting after a suspension), how it was signed, and the version to send back. Its life itself comes with
 * the child's history (`AgreementEventFields`).
 */
export const AgreementLifeCycleFields = graphql(`
  fragment AgreementLifeCycleFields on ContactAgreement {
    id
    childId
    centreId
    status
    version
    riskFactors
    sessionsPerWeek
    sessionMinutes
    transportPlan
    travelSupport
    conditions
    reviewDate
    createdAt
    signedAt
    signedBy
    signedVia
    signatureRecordedAt
    endedAt
    endReason
    supersedesId
    participants {
      familyMemberId
      firstName
      relationship
    }
  }
`);

export type LifeCycleAgreement = AgreementLifeCycleFieldsFragment;

/**
 * One dated step of an agreement's life as the child's history gives it (the API decides which steps there are and
 * names a replaced agreement), with the review or the meeting with the parent it records.
 */
export const AgreementEventFields = graphql(`
  fragment AgreementEventFields on AgreementEvent {
    kind
    at
    agreementId
    summary
    review {
      id
      reviewedBy {
        id
        name
      }
      summary
      changes
      nextReviewDate
    }
    suspensionMeeting {
      id
      familyAttendees {
        familyMemberId
        firstName
        relationship
      }
      otherAttendees
      agreed
      recordedBy {
        id
        name
      }
    }
  }
`);

export type LifeEvent = AgreementEventFieldsFragment;

/** The choices an agreement's form offers: the council's centres and the child's recorded family. */
export const AgreementFormOptionsDoc = graphql(`
  query AgreementFormOptions($childId: ID!) {
    agreementCentres {
      id
      name
      address
    }
    child(id: $childId) {
      id
      firstName
      familyMembers {
        id
        firstName
        lastName
        relationship
      }
    }
  }
`);

export type FormOptions = AgreementFormOptionsQuery;

/**
 * After any change to an agreement, the views showing it are read again: writing or signing one ends or replaces
 * others, and cancels sessions.
 */
export const REFRESH_AFTER_CHANGE = { refetchQueries: 'active' as const, awaitRefetchQueries: true };

export const CreateAgreementDoc = graphql(`
  mutation CreateAgreement($input: CreateAgreementInput!) {
    createAgreement(input: $input) {
      ...AgreementLifeCycleFields
    }
  }
`);

export const SignAgreementDoc = graphql(`
  mutation SignAgreement(
    $id: ID!
    $signedBy: String!
    $expectedVersion: Int!
    $signedAt: DateTimeISO
    $signedVia: SignatureMethod
  ) {
    signAgreement(
      id: $id
      signedBy: $signedBy
      expectedVersion: $expectedVersion
      signedAt: $signedAt
      signedVia: $signedVia
    ) {
      ...AgreementLifeCycleFields
    }
  }
`);

export const ReviewAgreementDoc = graphql(`
  mutation ReviewAgreement($id: ID!, $input: ReviewAgreementInput!, $expectedVersion: Int!) {
    reviewAgreement(id: $id, input: $input, expectedVersion: $expectedVersion) {
      ...AgreementLifeCycleFields
    }
  }
`);

export const EndAgreementDoc = graphql(`
  mutation EndAgreement($id: ID!, $reason: String!, $expectedVersion: Int!) {
    endAgreement(id: $id, reason: $reason, expectedVersion: $expectedVersion) {
      ...AgreementLifeCycleFields
    }
  }
`);

export const RecordSuspensionMeetingDoc = graphql(`
  mutation RecordSuspensionMeeting($input: RecordSuspensionMeetingInput!) {
    recordSuspensionMeeting(input: $input) {
      ...AgreementLifeCycleFields
    }
  }
`);
