import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { RiskFactor, SupervisionLevel } from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';

export type ContactType = 'supervised' | 'supported';
export type AgreementStatus = 'draft' | 'active' | 'suspended' | 'ended';
/** How the parent's signature reached the social worker: listed once, the type and the GraphQL enum derived from it. */
export const SIGNATURE_METHODS = ['in_person', 'by_post', 'by_email', 'electronic'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** The contract for supervised contact (docs/domain.md "Contact agreement"). */
@Entity({ tableName: 'contact_agreement' })
export class ContactAgreement extends CouncilOwned {
  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid })
  centreId!: string;

  @Property({ type: t.text })
  contactType!: ContactType;

  @Property({ type: t.text })
  supervisionLevel!: SupervisionLevel;

  @Property({ type: t.array })
  supervisionReasons: string[] = [];

  @Property({ type: t.array })
  riskFactors: RiskFactor[] = [];

  @Property({ type: t.integer })
  sessionsPerWeek!: number;

  @Property({ type: t.integer })
  sessionMinutes!: number;

  @Property({ type: t.text })
  transportPlan!: string;

  @Property({ type: t.text, nullable: true })
  travelSupport: string | null = null;

  @Property({ type: t.array })
  conditions: string[] = [];

  @Property({ type: t.datetime, nullable: true })
  signedAt: Date | null = null;

  @Property({ type: t.text, nullable: true })
  signedBy: string | null = null;

  /** How it was signed; null for agreements signed before this was recorded. */
  @Property({ type: t.text, nullable: true })
  signedVia: SignatureMethod | null = null;

  /** When the social worker recorded the signature (`signedAt` is when the parent signed). */
  @Property({ type: t.datetime, nullable: true })
  signatureRecordedAt: Date | null = null;

  @Property({ type: t.text })
  status: AgreementStatus = 'draft';

  @Property({ type: t.date })
  reviewDate!: string;

  @Property({ type: t.uuid })
  createdById!: string;

  @Property({ type: t.uuid, nullable: true })
  supersedesId: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  endedAt: Date | null = null;

  /** Why the agreement ended; a superseded agreement names the agreement that replaced it. */
  @Property({ type: t.text, nullable: true })
  endReason: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  endedById: string | null = null;

  @Property({ type: t.integer, version: true })
  version!: number;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'agreement_participant' })
export class AgreementParticipant {
  @PrimaryKey({ type: t.uuid })
  agreementId!: string;

  @PrimaryKey({ type: t.uuid })
  familyMemberId!: string;

  @Property({ type: t.uuid })
  councilId!: string;
}

/** The dated written notice that goes with a three-strikes suspension (docs/domain.md rule 8). */
@Entity({ tableName: 'suspension_notice' })
export class SuspensionNoticeRecord extends CouncilOwned {
  @Property({ type: t.uuid })
  agreementId!: string;

  @Property({ type: t.datetime })
  issuedAt!: Date;

  @Property({ type: t.text })
  decision!: string;

  @Property({ type: t.array })
  reasons!: string[];

  @Property({ type: t.array })
  missedSessionIds!: string[];

  @Property({ type: t.text })
  duration!: string;

  @Property({ type: t.array })
  parentActions!: string[];
}
