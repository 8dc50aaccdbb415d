import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ACCESS_LOG_DEFAULT_PAGE, ACCESS_LOG_MAX_PAGE, AccessLogQuery } from './access-log.query.js';
import { AccessLogConnection, AccessLogEntryType } from './access-log.type.js';
import { requireViewer } from './index.js';
import { ADMIN } from './roles.js';

/** The access log is read here and nowhere else; there is deliberately no mutation for it (docs/domain.md rule 11). */
@Resolver(() => AccessLogEntryType)
export class AccessLogResolver {
  @Authorized(ADMIN)
  @Query(() => AccessLogConnection, {
    description:
      'Who read which child’s record, when and why: the council’s access log, newest first. Admins and auditors only; the log cannot be changed by anyone.',
  })
  accessLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('childId', () => ID, { nullable: true, description: 'Only reads of this child’s record.' })
    childId?: string | null,
    @Arg('userId', () => ID, { nullable: true, description: 'Only reads by this member of staff.' })
    userId?: string | null,
    @Arg('first', () => Int, {
      defaultValue: ACCESS_LOG_DEFAULT_PAGE,
      description: `How many entries to return, 1 to ${ACCESS_LOG_MAX_PAGE}.`,
    })
    first: number = ACCESS_LOG_DEFAULT_PAGE,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page, from a query with the same filters.',
    })
    after?: string | null,
  ): Promise<AccessLogConnection> {
    return new AccessLogQuery(ctx.em, requireViewer(ctx.viewer), ctx.config.jwtSecret).page({
      childId: childId ?? null,
      userId: userId ?? null,
      first,
      after: after ?? null,
    });
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who read it, by name.' })
  async user(@Root() e: AccessLogEntryType, @Ctx() ctx: GraphQLContext): Promise<StaffMember | null> {
    if (!e.userId) return null;
    const u = await ctx.loaders.staff.load(e.userId);
    return u ? { id: u.id, name: u.name, role: u.role } : null;
  }
}
