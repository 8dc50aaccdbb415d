import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { DeskQuery, DeskSessionFragment } from '@kinroom/schema';

/** What each of the desk's lists shows of a session: when, whose, where, with whom. */
export const DeskSessionFields = graphql(`
  fragment DeskSession on Session {
    id
    version
    kind
    startsAt
    endsAt
    child {
      id
      firstName
      lastInitial
    }
    room {
      id
      name
    }
    supervisor {
      id
      name
    }
  }
`);

/** The manager's centre, whose desk is shown. */
export const DeskCentreDoc = graphql(`
  query DeskCentre {
    myCentres {
      id
      name
    }
  }
`);

/** Everything the desk lists, in one request, read again whenever something it shows changes. */
export const DeskDoc = graphql(`
  query Desk($centreId: ID!) {
    overdueObservations(centreId: $centreId) {
      ...OverdueReportFields
    }
    unrecordedSessions(centreId: $centreId) {
      ...DeskSession
    }
    observationsToReview {
      id
      status
      dueAt
      overdue
      submittedAt
      author {
        id
        name
      }
      child {
        id
        firstName
        lastInitial
      }
    }
    centreFlags(centreId: $centreId, includeResolved: false) {
      id
      status
      severity
      category
      raisedAt
      acknowledgementOverdue
      child {
        id
        firstName
        lastInitial
      }
      acknowledgements {
        userId
      }
    }
    cancellationsNotTold(centreId: $centreId) {
      ...DeskSession
      cancellation {
        reason
        cancelledAt
        familyInformedAt
      }
    }
    centreAmendments(centreId: $centreId) {
      amendment {
        id
        observationId
        reason
        createdAt
        author {
          id
          name
        }
      }
      session {
        ...DeskSession
      }
    }
    centreMessagesNotSetUp(centreId: $centreId)
    centreMessageFailures(centreId: $centreId) {
      ...MessageFields
      child {
        id
        firstName
        lastInitial
      }
      session {
        ...DeskSession
      }
    }
  }
`);

export type DeskData = DeskQuery;
export type DeskSession = DeskSessionFragment;
/** A session of one of the desk's lists, as its fields read it. */
export const deskSession = (s: FragmentType<typeof DeskSessionFields>): DeskSession =>
  unmask(DeskSessionFields, s);
export type DeskReview = DeskQuery['observationsToReview'][number];
export type DeskFlag = DeskQuery['centreFlags'][number];
export type DeskAmendment = DeskQuery['centreAmendments'][number];
export type DeskMessageFailure = DeskQuery['centreMessageFailures'][number];

/** A record as the review screen shows it: the whole of it, facts apart from opinion, and the session it records. */
export const DeskRecordDoc = graphql(`
  query DeskRecord($id: ID!) {
    observation(id: $id) {
      id
      version
      status
      sessionId
      authorId
      returnReason
      overdue
      child {
        id
        firstName
        lastInitial
      }
      author {
        id
        name
      }
      ...ObservationRecordFields
    }
  }
`);

/** The session a record is of: when, where, who supervised. */
export const DeskRecordSessionDoc = graphql(`
  query DeskRecordSession($id: ID!) {
    session(id: $id) {
      ...DeskSession
    }
  }
`);

/** A record of the centre started, submitted, returned, approved, made final or amended. */
export const DeskObservationChangedDoc = graphql(`
  subscription DeskObservationChanged($after: String) {
    observationChanged(after: $after) {
      cursor
      kind
      subjectId
      status
    }
  }
`);
