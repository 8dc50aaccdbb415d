import {
  OBSERVATION_SECTION_KEYS,
  OBSERVATION_SECTIONS,
  OBSERVATION_STATUSES,
  type ObservationSectionKey,
  type ObservationStatus,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';
import type { StaffUser } from '../people/staff-user.entity.js';
import type { ObservationAmendment } from './observation.entity.js';

export const ObservationStatusEnum = domainEnum(OBSERVATION_STATUSES);
registerEnumType(ObservationStatusEnum, {
  name: 'ObservationStatus',
  description:
    'Where an observation record is in its review (docs/domain.md rule 9): draft → submitted → approved → final.',
  valuesConfig: {
    DRAFT: { description: 'With its author, who may still change it.' },
    SUBMITTED: { description: 'Sent for review by someone other than its author.' },
    APPROVED: { description: 'Checked and approved by someone other than its author; not yet issued.' },
    FINAL: {
      description:
        'Issued as evidence: it never changes again. Corrections are dated, signed amendments, and the record is part of the child’s evidence chain.',
    },
  },
});

export const ObservationSectionKeyEnum = domainEnum(OBSERVATION_SECTION_KEYS);
registerEnumType(ObservationSectionKeyEnum, {
  name: 'ObservationSectionKey',
  description:
    'The structured sections of an observation record, in the order docs/domain.md rule 9 lists them.',
  valuesConfig: Object.fromEntries(
    OBSERVATION_SECTIONS.map((s) => [s.key.toUpperCase(), { description: s.label }]),
  ),
});

@ObjectType('ObservationSection', {
  description:
    'One section of an observation record. Facts and direct statements are kept apart from the supervisor’s opinion, because a court weighs them differently.',
  simpleResolvers: true,
})
export class ObservationSectionType {
  @Field(() => ObservationSectionKeyEnum, { description: 'Which section this is.' })
  key!: ObservationSectionKey;

  @Field(() => String, { description: 'The section’s heading, in words.' })
  label!: string;

  @Field(() => String, {
    description:
      'What was seen and heard, including direct quotes. Empty while not yet written; "Nothing to record" when nothing happened.',
  })
  facts!: string;

  @Field(() => String, { description: 'The supervisor’s interpretation; may be empty.' })
  opinion!: string;
}

@ObjectType('ObservationProblem', { description: 'Something that stops a draft being submitted.' })
export class ObservationProblemType {
  @Field(() => String, { description: 'The section concerned (its key in lower case).' })
  key!: string;

  @Field(() => String, { description: 'What to do about it, in words.' })
  message!: string;
}

@ObjectType('Observation', {
  description:
    'A supervisor’s evidence-grade record of a supervised contact session (docs/domain.md rule 9). Readable by its author, reviewers at the centre while it is under review, the centre manager, and, once final, the child’s social worker and the council’s integrations.',
  simpleResolvers: true,
})
export class ObservationType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The session observed.' })
  sessionId!: string;

  @Field(() => ID, { description: 'The child the session was for.' })
  childId!: string;

  @Field(() => ID, { description: 'The centre the session took place at.' })
  centreId!: string;

  @Field(() => ID, { description: 'The supervisor who wrote it.' })
  authorId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Who approved it (never the author); null until approved.',
  })
  reviewerId!: string | null;

  @Field(() => ObservationStatusEnum, { description: 'Where the record is in its review.' })
  status!: ObservationStatus;

  @Field(() => [ObservationSectionType], {
    description: 'All eight sections, in order. In a draft, a section not yet written has empty text.',
  })
  sections!: ObservationSectionType[];

  @Field(() => String, {
    nullable: true,
    description: 'Why a reviewer last sent it back to its author; null once resubmitted.',
  })
  returnReason!: string | null;

  @Field(() => Date, {
    description: 'When the record must be final: the end of the 5th working day after the session.',
  })
  dueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last submitted for review.' })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was approved.' })
  approvedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it became final; it never changes after this.' })
  finalisedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'For a final record: SHA-256 (hex) over its content and the previous record’s hash in the child’s evidence chain.',
  })
  contentHash!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The hash of the record before this one in the child’s evidence chain; null for the first.',
  })
  previousHash!: string | null;

  @Field(() => Int, {
    description: 'Version for optimistic locking: send it back with any change.',
  })
  version!: number;

  @Field(() => Date, { description: 'When the record was started.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the record last changed.' })
  updatedAt!: Date;

  /** What was read with the record (its amendments and the staff who wrote them), when it was: not in the schema. */
  readAlong?: ReadAlong;
}

/** Parts read in the same statement as a record, so that its nested fields are answered without another load. */
export interface ReadAlong {
  amendments: readonly ObservationAmendment[];
  /** Everyone who wrote, reviewed or amended the record (and possibly others), by id. */
  staff: ReadonlyMap<string, KnownStaff>;
}

/** What a record's nested `author` / `reviewer` show of a member of staff. */
export type KnownStaff = Pick<StaffUser, 'id' | 'name' | 'role'>;

@ObjectType('ObservationAmendment', {
  description:
    'A dated, signed addendum to a final observation record. Append-only: never edited or removed, and chained into the child’s evidence like the record itself.',
  simpleResolvers: true,
})
export class ObservationAmendmentType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The final observation record it amends.' })
  observationId!: string;

  @Field(() => ID, { description: 'The child the record is about.' })
  childId!: string;

  @Field(() => ID, { description: 'Who signed the amendment.' })
  authorId!: string;

  @Field(() => String, { description: 'Why the record is amended (for example "Correction of fact").' })
  reason!: string;

  @Field(() => String, { description: 'The addendum itself.' })
  text!: string;

  @Field(() => Date, { description: 'The date and time of the amendment.' })
  createdAt!: Date;

  @Field(() => String, {
    description: 'SHA-256 (hex) over its content and the previous record’s hash in the child’s chain.',
  })
  contentHash!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The hash of the record before this one in the child’s evidence chain.',
  })
  previousHash!: string | null;

  /** The staff read with the record it amends, when they were: not in the schema. */
  readAlong?: ReadonlyMap<string, KnownStaff>;
}

@ObjectType('EvidenceChainReport', {
  description:
    'The result of recomputing a child’s evidence chain (final observation records and amendments, in the order they were made) from what is stored.',
})
export class EvidenceChainReport {
  @Field(() => ID, { description: 'The child whose chain was checked.' })
  childId!: string;

  @Field(() => Boolean, {
    description:
      'True when every record still hashes to its stored value, links to the one before it, and carries a valid signature by the evidence key (or an earlier one this server still lists). A record without a signature is never intact.',
  })
  intact!: boolean;

  @Field(() => Int, { description: 'How many records were checked.' })
  checkedRecords!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'The first record (observation or amendment id) at which the chain breaks; null when intact.',
  })
  firstBrokenRecordId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What is wrong at that record, in words; null when intact.',
  })
  problem!: string | null;

  @Field(() => Date, { description: 'When the check ran.' })
  verifiedAt!: Date;

  @Field(() => String, {
    description:
      'SHA-256 fingerprint (hex) of the public half of this server’s evidence key, the key kept outside the database that signs new records. Printed with the history so that a reader can check the records against the published key.',
  })
  keyFingerprint!: string;

  @Field(() => [String], {
    description:
      'Fingerprints of the keys whose valid signatures the checked records carry (more than one after a key rotation).',
  })
  signingKeys!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'The newest record’s hash: a printed copy pins the chain as it stood, so that a record later removed from the end shows. Null for an empty chain.',
  })
  headHash!: string | null;
}
