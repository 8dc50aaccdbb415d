import {
  RISK_FACTOR_LABELS,
  RISK_FACTORS,
  type RiskFactor,
  type SupervisionLevel,
  STRIKES_WORDING,
} from '@kinroom/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import { domainEnum, SupervisionLevelEnum } from '../graphql/enums.js';
import {
  SIGNATURE_METHODS,
  type AgreementStatus,
  type ContactType,
  type SignatureMethod,
} from './agreement.entity.js';

export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['draft', 'active', 'suspended', 'ended'];

export const AgreementStatusEnum = domainEnum(AGREEMENT_STATUSES);
registerEnumType(AgreementStatusEnum, {
  name: 'AgreementStatus',
  description: `Where a contact agreement is in its life: draft → active (signed) → ended, or suspended by the ${STRIKES_WORDING.ruleAdjective} rule. A suspended agreement never becomes active again: only a new agreement restarts contact (docs/domain.md rule 8).`,
  valuesConfig: {
    DRAFT: {
      description: 'Written but not yet signed: only planning meetings and pre-contact visits can be booked.',
    },
    ACTIVE: { description: 'Signed and in force: contact sessions can be booked under it.' },
    SUSPENDED: {
      description: `Contact stopped after ${STRIKES_WORDING.absences} in a row; its suspension notice says why and what the parent can do.`,
    },
    ENDED: {
      description: 'No longer in force: ended by the social worker or superseded by a newer agreement.',
    },
  },
});

export const ContactTypeEnum = domainEnum<ContactType>(['supervised', 'supported']);
registerEnumType(ContactTypeEnum, {
  name: 'ContactType',
  description:
    'Whether contact is watched and written up, or only supported (derived from the supervision level).',
  valuesConfig: {
    SUPERVISED: {
      description: 'A supervisor is in sight and sound the whole time and writes an observation report.',
    },
    SUPPORTED: { description: 'No close monitoring and no written observations; only attendance is noted.' },
  },
});

export const SignatureMethodEnum = domainEnum(SIGNATURE_METHODS);
registerEnumType(SignatureMethodEnum, {
  name: 'SignatureMethod',
  description: 'How the parent’s signature on a contact agreement reached the social worker.',
  valuesConfig: {
    IN_PERSON: { description: 'Signed on paper in front of the social worker.' },
    BY_POST: { description: 'A signed paper copy came back by post.' },
    BY_EMAIL: { description: 'A signed copy (scan or photograph) came back by email.' },
    ELECTRONIC: { description: 'Signed through an electronic signature service.' },
  },
});

export const RiskFactorEnum = domainEnum(RISK_FACTORS);
registerEnumType(RiskFactorEnum, {
  name: 'RiskFactor',
  description:
    'A risk recorded in the assessment behind a contact agreement; together they set the supervision level.',
  valuesConfig: Object.fromEntries(
    RISK_FACTORS.map((r) => [r.toUpperCase(), { description: RISK_FACTOR_LABELS[r] }]),
  ),
});

@ObjectType('AgreementParticipant', {
  description: 'A family member who takes part in contact under an agreement.',
})
export class AgreementParticipantType {
  @Field(() => ID, { description: 'Stable identifier of the family member.' })
  familyMemberId!: string;

  @Field(() => String, { description: 'First name only.' })
  firstName!: string;

  @Field(() => String, { description: 'Relationship to the child, e.g. mother, grandfather.' })
  relationship!: string;
}

@ObjectType({ description: 'A session counted as a strike towards a suspension.' })
export class MissedSession {
  @Field(() => ID, { description: 'The session that was missed.' })
  sessionId!: string;

  @Field(() => Date, { nullable: true, description: 'When it was due to start.' })
  startsAt!: Date | null;
}

@ObjectType('SuspensionNotice', {
  description: `The dated written notice that goes with a ${STRIKES_WORDING.ruleAdjective} suspension (docs/domain.md rule 8): the decision, the reasons, how long it lasts and what the parent can do. Written to be sent to the parent as it stands.`,
})
export class SuspensionNoticeType {
  @Field(() => Date, { description: 'When the notice was issued (when the third strike was recorded).' })
  issuedAt!: Date;

  @Field(() => String, { description: 'The decision, in plain words.' })
  decision!: string;

  @Field(() => [String], { description: 'Why contact was suspended, one reason per entry.' })
  reasons!: string[];

  @Field(() => [MissedSession], { description: 'The unexplained absences that led to it, oldest first.' })
  missedSessions!: MissedSession[];

  @Field(() => String, { description: 'How long the suspension lasts.' })
  duration!: string;

  @Field(() => [String], { description: 'What the parent can do next, including how to challenge it.' })
  parentActions!: string[];
}

@ObjectType('AgreementReview', {
  description: 'A dated review of an agreement by the social worker, with what it changed.',
})
export class AgreementReviewType {
  @Field(() => ID, { description: 'Stable identifier of the review.' })
  id!: string;

  @Field(() => Date, { description: 'When the review was recorded.' })
  reviewedAt!: Date;

  @Field(() => StaffMember, { description: 'The social worker who recorded it.' })
  reviewedBy!: StaffMember;

  @Field(() => String, { description: 'What was reviewed and decided, in the social worker’s words.' })
  summary!: string;

  @Field(() => [String], {
    description: 'The terms the review changed, e.g. "sessionMinutes: 60 → 90"; empty when none changed.',
  })
  changes!: string[];

  @Field(() => String, { description: 'The review date before this review (YYYY-MM-DD).' })
  previousReviewDate!: string;

  @Field(() => String, { description: 'The next review date this review set (YYYY-MM-DD).' })
  nextReviewDate!: string;
}

@ObjectType('SuspensionMeeting', {
  description: `The meeting with the parent after a ${STRIKES_WORDING.ruleAdjective} suspension (docs/domain.md rule 8): when it was held, who attended and what was agreed. Kept as written; a new agreement after a suspension needs one first.`,
})
export class SuspensionMeetingType {
  @Field(() => ID, { description: 'Stable identifier of the meeting record.' })
  id!: string;

  @Field(() => Date, { description: 'When the meeting was held.' })
  heldAt!: Date;

  @Field(() => [AgreementParticipantType], {
    description: 'The family members under the agreement who attended: first name and relationship.',
  })
  familyAttendees!: AgreementParticipantType[];

  @Field(() => [String], {
    description: 'Anyone else who attended, as written, e.g. “Aisha Khan, social worker”.',
  })
  otherAttendees!: string[];

  @Field(() => String, { description: 'What was agreed, in the social worker’s words.' })
  agreed!: string;

  @Field(() => Date, { description: 'When the meeting was recorded.' })
  recordedAt!: Date;

  @Field(() => StaffMember, { description: 'The social worker who recorded it.' })
  recordedBy!: StaffMember;
}

@ObjectType('AgreementCentreOption', {
  description: 'A contact centre of the council where an agreement’s sessions can take place.',
})
export class AgreementCentreOption {
  @Field(() => ID, { description: 'Stable identifier of the centre.' })
  id!: string;

  @Field(() => String, { description: 'The centre’s name.' })
  name!: string;

  @Field(() => String, { description: 'The centre’s address.' })
  address!: string;
}

/**
 * The GraphQL face of a contact agreement. Resolvers return the stored entity; the nested parts (participants,
 * notice, reviews) are batched by the agreement loaders.
 */
@ObjectType('ContactAgreement', {
  description:
    'A contact agreement (the “contract for supervised contact”): who meets the child, how often, how closely watched and why, transport, travel support, the conditions the parent signed, and when it is reviewed. No contact session happens without an active, signed one.',
})
export class ContactAgreementType {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The child the agreement is for.' })
  childId!: string;

  @Field(() => ID, { description: 'The contact centre where sessions take place.' })
  centreId!: string;

  @Field(() => AgreementStatusEnum, { description: 'Where the agreement is in its life.' })
  status!: AgreementStatus;

  @Field(() => ContactTypeEnum, {
    description: 'Supervised or supported, derived from the supervision level.',
  })
  contactType!: ContactType;

  @Field(() => [RiskFactorEnum], { description: 'The assessed risks the level of supervision follows from.' })
  riskFactors!: RiskFactor[];

  @Field(() => SupervisionLevelEnum, { description: 'How closely contact is watched, set by the risks.' })
  supervisionLevel!: SupervisionLevel;

  @Field(() => [String], { description: 'Why that level: one line per assessed risk.' })
  supervisionReasons!: string[];

  @Field(() => Int, { description: 'Contact sessions per week.' })
  sessionsPerWeek!: number;

  @Field(() => Int, { description: 'Length of each session in minutes (the child’s time in the room).' })
  sessionMinutes!: number;

  @Field(() => String, {
    description:
      'How the child is brought to and from the centre. The social worker arranges it (docs/domain.md rule 5).',
  })
  transportPlan!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Financial support for the parent’s own travel, if any (docs/domain.md rule 5).',
  })
  travelSupport!: string | null;

  @Field(() => [String], { description: 'The conditions the parent agreed to when signing.' })
  conditions!: string[];

  @Field(() => String, { description: 'When the agreement is next reviewed (YYYY-MM-DD, Europe/London).' })
  reviewDate!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When the parent signed it (not before it was written); null while a draft.',
  })
  signedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who signed it (the family member’s name as written).',
  })
  signedBy!: string | null;

  @Field(() => SignatureMethodEnum, {
    nullable: true,
    description: 'How it was signed; null while a draft, and for agreements signed before this was recorded.',
  })
  signedVia!: SignatureMethod | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the social worker recorded the signature; `signedAt` is when the parent signed, which may be earlier.',
  })
  signatureRecordedAt!: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The earlier agreement this one replaces; signing this one ended that one.',
  })
  supersedesId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it ended, if it has.' })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it ended, if it has.' })
  endReason!: string | null;

  @Field(() => Date, { description: 'When it was written.' })
  createdAt!: Date;

  @Field(() => Int, { description: 'Version for optimistic locking: send it back with any change.' })
  version!: number;
}
