import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import type { ObservationSection, ObservationStatus } from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';

/** The supervisor's evidence-grade record of a session (docs/domain.md rule 9). Immutable in the database once final. */
@Entity({ tableName: 'observation' })
export class Observation extends CouncilOwned {
  @Property({ type: t.uuid })
  sessionId!: string;

  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid })
  authorId!: string;

  @Property({ type: t.uuid, nullable: true })
  reviewerId: string | null = null;

  @Property({ type: t.text })
  status: ObservationStatus = 'draft';

  @Property({ type: t.json })
  sections: ObservationSection[] = [];

  @Property({ type: t.text, nullable: true })
  returnReason: string | null = null;

  @Property({ type: t.datetime })
  dueAt!: Date;

  @Property({ type: t.datetime, nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  approvedAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  finalisedAt: Date | null = null;

  @Property({ type: t.text, nullable: true })
  contentHash: string | null = null;

  @Property({ type: t.text, nullable: true })
  previousHash: string | null = null;

  /** Ed25519 signature (base64) over the link, made with a key the database does not hold (docs/evidence.md). */
  @Property({ type: t.text, nullable: true })
  signature: string | null = null;

  /** Fingerprint of the public key that checks `signature`. */
  @Property({ type: t.text, nullable: true })
  signingKey: string | null = null;

  @Property({ type: t.integer, version: true })
  version!: number;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();

  @Property({ type: t.datetime, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A dated, signed addendum to a final observation; append-only in the database. */
@Entity({ tableName: 'observation_amendment' })
export class ObservationAmendment extends CouncilOwned {
  @Property({ type: t.uuid })
  observationId!: string;

  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid })
  authorId!: string;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.text })
  text!: string;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();

  @Property({ type: t.text })
  contentHash!: string;

  @Property({ type: t.text, nullable: true })
  previousHash: string | null = null;

  /** Ed25519 signature (base64) over the link, made with a key the database does not hold (docs/evidence.md). */
  @Property({ type: t.text, nullable: true })
  signature: string | null = null;

  /** Fingerprint of the public key that checks `signature`. */
  @Property({ type: t.text, nullable: true })
  signingKey: string | null = null;
}
