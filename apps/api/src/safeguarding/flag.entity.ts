import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import type { FlagCategory, FlagSeverity, FlagStatus } from '@kinroom/domain';
import { CouncilOwned } from '../db/base.entity.js';

@Entity({ tableName: 'safeguarding_flag' })
export class SafeguardingFlag extends CouncilOwned {
  @Property({ type: t.uuid })
  centreId!: string;

  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid, nullable: true })
  sessionId: string | null = null;

  @Property({ type: t.text })
  category!: FlagCategory;

  @Property({ type: t.text })
  severity!: FlagSeverity;

  @Property({ type: t.text })
  description!: string;

  @Property({ type: t.uuid })
  raisedById!: string;

  @Property({ type: t.datetime })
  raisedAt!: Date;

  /** When the flag escalates if nobody has acknowledged it (docs/domain.md rule 10). */
  @Property({ type: t.datetime })
  acknowledgeBy!: Date;

  @Property({ type: t.text })
  status: FlagStatus = 'open';

  @Property({ type: t.datetime, nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: t.uuid, nullable: true })
  resolvedById: string | null = null;

  @Property({ type: t.text, nullable: true })
  outcome: string | null = null;

  @Property({ type: t.integer, version: true })
  version!: number;
}

@Entity({ tableName: 'flag_acknowledgement' })
export class FlagAcknowledgement extends CouncilOwned {
  @Property({ type: t.uuid })
  flagId!: string;

  @Property({ type: t.uuid })
  userId!: string;

  @Property({ type: t.datetime })
  acknowledgedAt!: Date;

  @Property({ type: t.text, nullable: true })
  note: string | null = null;
}

@Entity({ tableName: 'flag_escalation' })
export class FlagEscalation extends CouncilOwned {
  @Property({ type: t.uuid })
  flagId!: string;

  /** Null when Kinroom escalated it because nobody acknowledged in time. */
  @Property({ type: t.uuid, nullable: true })
  escalatedById: string | null = null;

  @Property({ type: t.datetime })
  escalatedAt!: Date;

  @Property({ type: t.text })
  reason!: string;
}
