import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** How a change reached Kinroom. */
export type ChangeVia = 'dashboard' | 'api' | 'import' | 'command' | 'sign_in';

/** What each changed field was and became: `{ name: [before, after] }`; a created record has `null` befores. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** One change to a record: who, what, when, how, and each field before and after (docs/set-up.md). Append-only. */
@Entity({ tableName: 'change_log' })
export class ChangeLogEntry {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.uuid })
  councilId!: string;

  /** The kind of record: 'centre', 'room', 'staff_user', 'api_key', 'child', 'family_member', 'carer', 'child_case'… */
  @Property({ type: t.text })
  recordType!: string;

  @Property({ type: t.uuid })
  recordId!: string;

  /** 'created', 'updated', 'deactivated', 'transferred', 'closed', 'revoked', 'signed_in'… */
  @Property({ type: t.text })
  action!: string;

  /** Null only for the first-run command, before any staff exist. */
  @Property({ type: t.uuid, nullable: true })
  changedById: string | null = null;

  @Property({ type: t.text })
  via!: ChangeVia;

  @Property({ type: t.json })
  changes: FieldChanges = {};

  @Property({ type: t.datetime })
  at: Date = new Date();
}
