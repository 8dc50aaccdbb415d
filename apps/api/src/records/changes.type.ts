import { Field, ID, ObjectType } from 'type-graphql';
import type { ContactAgreement } from '../agreements/agreement.entity.js';
import { ContactAgreementType } from '../agreements/agreement.type.js';
import { StaffMember } from '../auth/auth.type.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionType } from '../sessions/session.type.js';
import { ChildKeptFields } from './records.type.js';

@ObjectType('ChangedChild', {
  description: 'A child’s record as it is now, listed because it changed. Carers are never part of it.',
  simpleResolvers: true,
})
export class ChangedChildType extends ChildKeptFields {}

@ObjectType('ChangedCase', {
  description: 'A child’s case as it is now, listed because it changed.',
  simpleResolvers: true,
})
export class ChangedCaseType {
  @Field(() => ID, { description: 'Stable identifier of the case.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the case.' })
  externalId!: string | null;

  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => String, { nullable: true, description: 'The case system’s id for the child.' })
  childExternalId!: string | null;

  @Field(() => StaffMember, { description: 'The social worker holding the case (or who held it last).' })
  socialWorker!: StaffMember;

  @Field(() => Date, { description: 'When the case was opened.' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the case was closed; null while open.' })
  closedAt!: Date | null;
}

const PAGE =
  'Records changed after the cursor, oldest change first. Pass `endCursor` as `after` to read on: a change committed later is always after it, so nothing is missed; a record changed again moves to its new place. Read on while `hasMore`.';

@ObjectType('ChangedChildrenPage', { description: PAGE })
export class ChangedChildrenPage {
  @Field(() => [ChangedChildType], { description: 'The children, in the order they changed.' })
  items!: ChangedChildType[];

  @Field(() => String, {
    nullable: true,
    description:
      'Where this page ends: pass as `after` next time (the `after` given when the page is empty).',
  })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}

@ObjectType('ChangedCasesPage', { description: PAGE })
export class ChangedCasesPage {
  @Field(() => [ChangedCaseType], { description: 'The cases, in the order they changed.' })
  items!: ChangedCaseType[];

  @Field(() => String, { nullable: true, description: 'Where this page ends: pass as `after` next time.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}

@ObjectType('ChangedAgreementsPage', { description: PAGE })
export class ChangedAgreementsPage {
  @Field(() => [ContactAgreementType], { description: 'The agreements, in the order they changed.' })
  items!: ContactAgreement[];

  @Field(() => String, { nullable: true, description: 'Where this page ends: pass as `after` next time.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}

@ObjectType('ChangedSessionsPage', { description: PAGE })
export class ChangedSessionsPage {
  @Field(() => [SessionType], { description: 'The sessions, in the order they changed.' })
  items!: Session[];

  @Field(() => String, { nullable: true, description: 'Where this page ends: pass as `after` next time.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}
