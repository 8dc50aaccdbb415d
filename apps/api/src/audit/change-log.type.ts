import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../children/history.type.js';
import type { ChangeVia } from './change-log.entity.js';

export const ChangeViaEnum = {
  DASHBOARD: 'dashboard',
  API: 'api',
  IMPORT: 'import',
  COMMAND: 'command',
  SIGN_IN: 'sign_in',
} as const satisfies Record<string, ChangeVia>;
registerEnumType(ChangeViaEnum, {
  name: 'ChangeVia',
  description: 'How a change reached Kinroom.',
  valuesConfig: {
    DASHBOARD: { description: 'A person, through the dashboard.' },
    API: { description: 'A machine client, with an API key.' },
    IMPORT: { description: 'An import from the case system.' },
    COMMAND: { description: 'A set-up command on the server (`kinroom admin`).' },
    SIGN_IN: { description: 'Kinroom itself, as someone signed in (e.g. binding their sign-in subject).' },
  },
});

@ObjectType({ description: 'One field of a record, before and after a change.', simpleResolvers: true })
export class FieldChange {
  @Field(() => String, { description: 'The field’s name, e.g. name, role, openingHours.' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'Its value before, as JSON; null when it had none.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'Its value after, as JSON; null when it has none.' })
  after!: string | null;
}

@ObjectType('ChangeLogEntry', {
  description:
    'One change to a record of the council’s set-up (centre, room, staff, API key, imported records): who made it, how, when, and each field before and after. Append-only.',
})
export class ChangeLogEntryType {
  @Field(() => ID, { description: 'Position in the log; later changes have higher ids.' })
  id!: string;

  @Field(() => Date, { description: 'When the change was made.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'Who made it; null for the first-run command.' })
  changedById!: string | null;

  @Field(() => String, { description: 'The kind of record: centre, room, staff_user, api_key, child…' })
  recordType!: string;

  @Field(() => ID, { description: 'The record changed.' })
  recordId!: string;

  @Field(() => String, { description: 'What happened: created, updated, deactivated, reactivated…' })
  action!: string;

  @Field(() => ChangeViaEnum, { description: 'How the change arrived.' })
  via!: ChangeVia;

  @Field(() => [FieldChange], { description: 'Each field that changed, before and after.' })
  changes!: FieldChange[];
}

@ObjectType({ description: 'One change-log entry with its cursor.' })
export class ChangeLogEdge {
  @Field(() => String, { description: 'An opaque cursor: pass it as `after` to continue after this entry.' })
  cursor!: string;

  @Field(() => ChangeLogEntryType, { description: 'The entry.' })
  node!: ChangeLogEntryType;
}

@ObjectType({ description: 'A page of the change log, newest first.' })
export class ChangeLogConnection {
  @Field(() => [ChangeLogEdge], { description: 'The entries of this page.' })
  edges!: ChangeLogEdge[];

  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to fetch them.' })
  pageInfo!: PageInfo;
}
