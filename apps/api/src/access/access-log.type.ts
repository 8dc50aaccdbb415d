import type { StaffRole } from '../people/staff-user.entity.js';
import { Field, ID, ObjectType } from 'type-graphql';
import { StaffRoleEnum } from '../auth/auth.type.js';
import { PageInfo } from '../children/history.type.js';

@ObjectType('AccessLogEntry', {
  description:
    'One read of a child’s record (docs/domain.md rule 11): who read it, in what role, which parts, when, from which operation and why. Append-only: nobody can change or delete it.',
})
export class AccessLogEntryType {
  @Field(() => ID, { description: 'Position in the log; later reads have higher ids.' })
  id!: string;

  @Field(() => Date, { description: 'When the read happened.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'Who read it; null for a read made by Kinroom itself.' })
  userId!: string | null;

  @Field(() => StaffRoleEnum, { description: 'The role they read it in.' })
  role!: StaffRole;

  @Field(() => ID, { nullable: true, description: 'The child whose record was read.' })
  childId!: string | null;

  @Field(() => [String], {
    description: 'Which parts of the record were read, e.g. sessions, observations, carer.',
  })
  fields!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'What the server ran to read it: the operation’s type and root fields, e.g. `query child childHistory`. (Entries written before this was recorded hold the client’s operation name.)',
  })
  operation!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The name the client gave its operation, if any: the client’s own claim, not checked by the server.',
  })
  clientOperationName!: string | null;

  @Field(() => String, { description: 'Why, in words (the purpose of the view that read it).' })
  reason!: string;
}

@ObjectType({ description: 'One access-log entry with its cursor.' })
export class AccessLogEdge {
  @Field(() => String, { description: 'An opaque cursor: pass it as `after` to continue after this entry.' })
  cursor!: string;

  @Field(() => AccessLogEntryType, { description: 'The entry.' })
  node!: AccessLogEntryType;
}

@ObjectType({ description: 'A page of the access log, newest first.' })
export class AccessLogConnection {
  @Field(() => [AccessLogEdge], { description: 'The entries of this page.' })
  edges!: AccessLogEdge[];

  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to fetch them.' })
  pageInfo!: PageInfo;
}
