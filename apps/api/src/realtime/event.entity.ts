import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The outbox row a change writes in its own transaction. The database assigns the id (under a lock, so ids become
 * visible in order) and sends the NOTIFY that wakes the listeners.
 */
@Entity({ tableName: 'event' })
export class EventRecord {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.uuid })
  councilId!: string;

  @Property({ type: t.uuid, nullable: true })
  centreId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  childId: string | null = null;

  @Property({ type: t.text })
  topic!: string;

  @Property({ type: t.text })
  kind!: string;

  @Property({ type: t.uuid, nullable: true })
  subjectId: string | null = null;

  @Property({ type: t.json })
  payload: Record<string, unknown> = {};

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
