import type { RoomCondition } from '@kinroom/domain';
import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';

/** What staff say about a room (the domain's type): "occupied" is not stored, it follows from the sessions in it. */
export type { RoomCondition };

@Entity({ tableName: 'room' })
export class Room extends CouncilOwned {
  @Property({ type: t.uuid })
  centreId!: string;

  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.integer })
  capacity!: number;

  @Property({ type: t.array })
  facilities: string[] = [];

  @Property({ type: t.text })
  condition: RoomCondition = 'ready';

  @Property({ type: t.text, nullable: true })
  conditionNote: string | null = null;

  /** When the condition was last set; null if it never changed since the room was created. */
  @Property({ type: t.datetime, nullable: true })
  conditionChangedAt: Date | null = null;

  /** Who set it; null when the system did (a session ended) or it never changed. */
  @Property({ type: t.uuid, nullable: true })
  conditionChangedById: string | null = null;

  @Property({ type: t.integer, version: true })
  version!: number;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
