import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { ADMIN } from '../access/roles.js';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { CHANGE_LOG_DEFAULT_PAGE, CHANGE_LOG_MAX_PAGE, ChangeLogQuery } from './change-log.query.js';
import { ChangeLogConnection, ChangeLogEntryType } from './change-log.type.js';

/** The change log is read here; it is written only beside the changes it describes (change-log.ts). */
@Resolver(() => ChangeLogEntryType)
export class ChangeLogResolver {
  @Authorized(ADMIN)
  @Query(() => ChangeLogConnection, {
    description:
      'Who changed what in the council’s set-up, newest first: centres, rooms, staff, API keys and imported records, with each field before and after. Admins only; the log cannot be changed.',
  })
  changeLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('recordId', () => ID, { nullable: true, description: 'Only the changes of this record.' })
    recordId?: string | null,
    @Arg('first', () => Int, {
      defaultValue: CHANGE_LOG_DEFAULT_PAGE,
      description: `How many entries to return, 1 to ${CHANGE_LOG_MAX_PAGE}.`,
    })
    first: number = CHANGE_LOG_DEFAULT_PAGE,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page, from a query with the same recordId.',
    })
    after?: string | null,
  ): Promise<ChangeLogConnection> {
    return new ChangeLogQuery(ctx.em, requireViewer(ctx.viewer), ctx.config.jwtSecret).page({
      recordId: recordId ?? null,
      first,
      after: after ?? null,
    });
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who made it, by name.' })
  async changedBy(@Root() e: ChangeLogEntryType, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    if (!e.changedById) return null;
    const u = await ctx.loaders.staff.load(e.changedById);
    return u ? { id: u.id, name: u.name, role: u.role } : null;
  }
}
