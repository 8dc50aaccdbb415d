import { graphql } from '@kinroom/schema';
import type { ChildHistoryPageQuery } from '@kinroom/schema';

/** Who the history is of. Everything else on the page comes with the history itself. */
export const ChildRecordDoc = graphql(`
  query ChildRecord($id: ID!) {
    child(id: $id) {
      id
      firstName
      lastName
      dateOfBirth
    }
  }
`);

/** A safeguarding flag as the history shows it, whether raised in a session or outside one. */
export const HistoryFlagFields = graphql(`
  fragment HistoryFlagFields on SafeguardingFlag {
    id
    childId
    sessionId
    category
    severity
    status
    description
    raisedAt
    raisedBy {
      id
      name
    }
    acknowledgements {
      acknowledgedAt
      note
      user {
        id
        name
      }
    }
    escalations {
      escalatedAt
      reason
      automatic
    }
    outcome
    resolvedAt
    resolvedBy {
      id
      name
    }
  }
`);

/**
 * One page of the timeline, newest first, with everything a session's entry shows; and the child's agreements, each
 * with its life and what its next steps need, so the page reads them all in this one query.
 */
export const ChildHistoryPageDoc = graphql(`
  query ChildHistoryPage($childId: ID!, $first: Int!, $after: String) {
    childHistory(childId: $childId, first: $first, after: $after) {
      agreements {
        id
        status
        contactType
        supervisionLevel
        supervisionReasons
        sessionsPerWeek
        sessionMinutes
        reviewDate
        createdAt
        signedAt
        signedBy
        endedAt
        endReason
        transportPlan
        travelSupport
        conditions
        participants {
          familyMemberId
          firstName
          relationship
        }
        suspensionNotice {
          issuedAt
          decision
          reasons
          duration
          parentActions
          missedSessions {
            sessionId
            startsAt
          }
        }
        ...AgreementLifeCycleFields
      }
      agreementEvents {
        ...AgreementEventFields
      }
      flagsOutsideSessions {
        id
        ...HistoryFlagFields
      }
      messagesOutsideSessions {
        ...MessageFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      summary {
        activeAgreementStatus
        attendanceRate
        sessionsCounted
        consecutiveUnexplainedAbsences
        nextSession {
          id
          startsAt
          endsAt
          kind
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
      edges {
        cursor
        node {
          session {
            id
            kind
            status
            startsAt
            endsAt
            parentArrivedAt
            childArrivedAt
            startedAt
            endedAt
            continuityNote
            room {
              id
              name
            }
            supervisor {
              id
              name
            }
            cancellation {
              cancelledAt
              reason
              note
              familyInformedAt
            }
            ...AbsenceRecordFields
            ...CancellationLineFields
            ...SessionMessagesFields
          }
          attendance {
            outcome
            minutesLate
            note
            recordedAt
          }
          report {
            status
            dueAt
            overdue
          }
          observation {
            ...ObservationRecordFields
          }
          flags {
            id
            ...HistoryFlagFields
          }
        }
      }
    }
  }
`);

/**
 * Sessions and attendance only, for the chart: the API folds observations and flags into a page only when they
 * are asked for, so this stays cheap while covering more sessions than the timeline has loaded.
 */
export const ChildAttendanceDoc = graphql(`
  query ChildAttendance($childId: ID!, $first: Int!) {
    childHistory(childId: $childId, first: $first) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          session {
            id
            startsAt
          }
          attendance {
            outcome
          }
        }
      }
    }
  }
`);

export const HistoryFlagChangedDoc = graphql(`
  subscription HistoryFlagChanged($after: String) {
    flagChanged(after: $after) {
      cursor
      kind
      childId
      subjectId
      occurredAt
    }
  }
`);

export const HistorySessionChangedDoc = graphql(`
  subscription HistorySessionChanged($childId: ID!, $after: String) {
    sessionChanged(childId: $childId, after: $after) {
      cursor
      kind
      childId
      subjectId
      occurredAt
    }
  }
`);

export type HistoryPage = ChildHistoryPageQuery['childHistory'];
export type Agreement = HistoryPage['agreements'][number];
export type AgreementEvent = HistoryPage['agreementEvents'][number];
export type HistoryEdge = HistoryPage['edges'][number];
export type HistoryEntry = HistoryEdge['node'];
export type HistorySummary = HistoryPage['summary'];
export type HistoryFlag = HistoryPage['flagsOutsideSessions'][number];
