import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { WeeklyPattern } from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';
import type { ContactChannel } from '../notifications/contact.js';

@Entity({ tableName: 'child' })
export class Child extends CouncilOwned {
  /** The case system's own id for this record (Mosaic, Liquidlogic, Eclipse): imports and syncs key on it. */
  @Property({ type: t.text, nullable: true })
  externalId: string | null = null;

  @Property({ type: t.text })
  firstName!: string;

  @Property({ type: t.text })
  lastName!: string;

  /** 'YYYY-MM-DD' */
  @Property({ type: t.date })
  dateOfBirth!: string;

  @Property({ type: t.date, nullable: true })
  dateOfDeath: string | null = null;

  /** Never shown to family-facing or integrator views (docs/domain.md rule 11). */
  @Property({ type: t.uuid, nullable: true })
  carerId: string | null = null;

  @Property({ type: t.json })
  schoolPattern: WeeklyPattern = [];

  /** Set from the retention rule whenever the dates change (docs/domain.md rule 12). */
  @Property({ type: t.date })
  retainUntil!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}

/** Carers' identity and address: never exposed to family-facing or integrator roles. */
@Entity({ tableName: 'carer' })
export class Carer extends CouncilOwned {
  /** The case system's own id for this record (Mosaic, Liquidlogic, Eclipse): imports and syncs key on it. */
  @Property({ type: t.text, nullable: true })
  externalId: string | null = null;

  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.text })
  address!: string;

  @Property({ type: t.text, nullable: true })
  phone: string | null = null;

  @Property({ type: t.text, nullable: true })
  email: string | null = null;

  /** The channel this person asked to be reached by; null lets Kinroom choose (docs/notifications.md). */
  @Property({ type: t.text, nullable: true })
  contactBy: ContactChannel | null = null;

  /** Nothing is sent to this person while set; the messages are recorded as not sent. */
  @Property({ type: t.boolean, default: false })
  doNotContact: boolean = false;

  @Property({ type: t.text, nullable: true })
  doNotContactReason: string | null = null;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'family_member' })
export class FamilyMember extends CouncilOwned {
  /** The case system's own id for this record (Mosaic, Liquidlogic, Eclipse): imports and syncs key on it. */
  @Property({ type: t.text, nullable: true })
  externalId: string | null = null;

  @Property({ type: t.text, nullable: true })
  address: string | null = null;

  @Property({ type: t.text })
  firstName!: string;

  @Property({ type: t.text })
  lastName!: string;

  @Property({ type: t.text, nullable: true })
  phone: string | null = null;

  @Property({ type: t.text, nullable: true })
  email: string | null = null;

  /** The channel this person asked to be reached by; null lets Kinroom choose (docs/notifications.md). */
  @Property({ type: t.text, nullable: true })
  contactBy: ContactChannel | null = null;

  /** Nothing is sent to this person while set; the messages are recorded as not sent. */
  @Property({ type: t.boolean, default: false })
  doNotContact: boolean = false;

  @Property({ type: t.text, nullable: true })
  doNotContactReason: string | null = null;

  @Property({ type: t.json })
  workPattern: WeeklyPattern = [];

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'child_family_member' })
export class ChildFamilyMember {
  @PrimaryKey({ type: t.uuid })
  childId!: string;

  @PrimaryKey({ type: t.uuid })
  familyMemberId!: string;

  @Property({ type: t.uuid })
  councilId!: string;

  @Property({ type: t.text })
  relationship!: string;

  /** Whether this family member holds parental responsibility for the child. */
  @Property({ type: t.boolean })
  parentalResponsibility: boolean = false;
}

/** A child's case, held by one social worker at a time: the caseload relation of docs/domain.md rule 11. */
@Entity({ tableName: 'child_case' })
export class ChildCase extends CouncilOwned {
  /** The case system's own id for this record (Mosaic, Liquidlogic, Eclipse): imports and syncs key on it. */
  @Property({ type: t.text, nullable: true })
  externalId: string | null = null;

  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid })
  socialWorkerId!: string;

  @Property({ type: t.datetime })
  openedAt: Date = new Date();

  @Property({ type: t.datetime, nullable: true })
  closedAt: Date | null = null;

  /**
   * The child's independent reviewing officer (IRO), as the case system or the social worker records them: not a
   * Kinroom user. Told when contact is suspended (docs/notifications.md).
   */
  @Property({ type: t.text, nullable: true })
  reviewingOfficerName: string | null = null;

  @Property({ type: t.text, nullable: true })
  reviewingOfficerEmail: string | null = null;
}
