import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { ObservationRecordFieldsFragment } from '@kinroom/schema';

/**
 * What ObservationRecord.vue shows of a record, wherever it is read (the child's history, the manager's review
 * page): where it stands, who wrote and reviewed it, its sections (facts apart from opinion) and its amendments.
 */
export const ObservationRecordFields = graphql(`
  fragment ObservationRecordFields on Observation {
    id
    status
    submittedAt
    approvedAt
    finalisedAt
    dueAt
    author {
      id
      name
    }
    reviewer {
      id
      name
    }
    sections {
      key
      label
      facts
      opinion
    }
    amendments {
      id
      createdAt
      reason
      text
      author {
        id
        name
      }
    }
  }
`);

export type ObservationRecordData = ObservationRecordFieldsFragment;

/** The record's fields out of an answer that carries them as the fragment. */
export const observationRecord = (o: FragmentType<typeof ObservationRecordFields>): ObservationRecordData =>
  unmask(ObservationRecordFields, o);
