import { graphql } from '@kinroom/schema';
import type { MyCaseloadQuery } from '@kinroom/schema';

export const MyCaseloadDoc = graphql(`
  query MyCaseload {
    myCaseload {
      needsAttention
      child {
        id
        firstName
        lastName
        dateOfBirth
      }
      agreements {
        id
        status
        supervisionLevel
        reviewDate
      }
      suspendedAgreements {
        id
        suspensionNotice {
          issuedAt
          duration
        }
      }
      unacknowledgedFlags {
        id
        category
        severity
        status
        raisedAt
        acknowledgeBy
        acknowledgementOverdue
      }
      overdueReports {
        observationId
        sessionId
        sessionStartsAt
        dueAt
        status
        author {
          id
          name
        }
      }
      reviewsDue {
        id
        reviewDate
        status
      }
      reviewReminders {
        reviewDate
        daysUntil
        overdue
        agreement {
          id
          participants {
            familyMemberId
            firstName
          }
          ...AgreementLifeCycleFields
        }
      }
      nextSession {
        id
        startsAt
        endsAt
        kind
        status
        room {
          id
          name
        }
        supervisor {
          id
          name
        }
      }
    }
  }
`);

export const CaseloadFlagChangedDoc = graphql(`
  subscription CaseloadFlagChanged($after: String) {
    flagChanged(after: $after) {
      cursor
      kind
      childId
      occurredAt
    }
  }
`);

export const CaseloadSessionChangedDoc = graphql(`
  subscription CaseloadSessionChanged($after: String) {
    sessionChanged(after: $after) {
      cursor
      kind
      childId
      status
    }
  }
`);

export type CaseloadEntry = MyCaseloadQuery['myCaseload'][number];
export type ReviewReminder = CaseloadEntry['reviewReminders'][number];
