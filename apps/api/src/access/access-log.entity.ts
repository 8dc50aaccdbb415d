import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** One read of a child's record: who, which child, which fields, when, why (docs/domain.md rule 11). Append-only. */
@Entity({ tableName: 'access_log' })
export class AccessLogEntry {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.uuid })
  councilId!: string;

  @Property({ type: t.uuid, nullable: true })
  userId: string | null = null;

  @Property({ type: t.text })
  role!: string;

  @Property({ type: t.uuid, nullable: true })
  childId: string | null = null;

  @Property({ type: t.array })
  fields: string[] = [];

  /** What the server ran: the operation's type and root fields (`query child`). */
  @Property({ type: t.text, nullable: true })
  operation: string | null = null;

  /** The name the client gave its operation: a claim, kept apart from what was run. */
  @Property({ type: t.text, nullable: true })
  clientOperationName: string | null = null;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.datetime })
  at: Date = new Date();
}
