import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { INTEGRATOR, MANAGER, SOCIAL_WORKER, SUPERVISOR } from '../access/roles.js';
import { StaffMember } from '../auth/auth.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { CaseloadQuery } from './caseload.query.js';
import { CaseloadEntry, OverdueReport } from './caseload.type.js';
import { ChildRecordQuery } from './child.query.js';
import { ChildRecordType } from './child.type.js';
import { ChildHistoryQuery, HISTORY_DEFAULT_PAGE, HISTORY_MAX_PAGE } from './history.query.js';
import { ChildHistoryConnection } from './history.type.js';
import { selectedPaths } from './selection.js';

@Resolver()
export class ChildResolver {
  @Authorized(SOCIAL_WORKER, MANAGER, SUPERVISOR, INTEGRATOR)
  @Query(() => ChildRecordType, {
    description:
      'A child’s record, if you may read it (your caseload, current work at your centre, the sessions you run, or your council for integrations); NOT_FOUND otherwise, exactly as for an unknown id. Carers appear only for the child’s social worker (in full) and the manager of a centre where the child has current work (name and telephone). Written to the access log with the fields read.',
  })
  child(
    @Arg('id', () => ID, { description: 'The child.' }) id: string,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChildRecordType> {
    return new ChildRecordQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation).record(
      id,
      selectedPaths(info),
    );
  }

  @Authorized(SOCIAL_WORKER)
  @Query(() => [CaseloadEntry], {
    description:
      'The signed-in social worker’s caseload: each child with their agreements and what needs you (suspended agreements, unacknowledged flags, overdue reports, reviews due within 14 days), children needing attention first. Written to the access log.',
  })
  myCaseload(@Ctx() ctx: GraphQLContext): Promise<CaseloadEntry[]> {
    return new CaseloadQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation, ctx.now()).mine();
  }

  @Authorized(SOCIAL_WORKER, MANAGER, INTEGRATOR)
  @Query(() => ChildHistoryConnection, {
    description:
      'A child’s whole contact history, newest session first: attendance, observation records with their amendments, and safeguarding flags, a page at a time, with summary figures. For the child’s social worker, integrations, and the manager of a centre where the child has current work (who sees that centre’s sessions only). A page costs a fixed number of database statements whatever its size. Written to the access log with the parts read.',
  })
  childHistory(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('childId', () => ID, { description: 'The child.' }) childId: string,
    @Arg('from', () => Date, { nullable: true, description: 'Only sessions starting at or after this time.' })
    from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Only sessions starting before this time.' })
    to?: Date | null,
    @Arg('first', () => Int, {
      defaultValue: HISTORY_DEFAULT_PAGE,
      description: `How many sessions to return, 1 to ${HISTORY_MAX_PAGE}.`,
    })
    first: number = HISTORY_DEFAULT_PAGE,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page, from a query for the same child.',
    })
    after?: string | null,
  ): Promise<ChildHistoryConnection> {
    return new ChildHistoryQuery(
      ctx.em,
      requireViewer(ctx.viewer),
      ctx.loaders,
      ctx.config.jwtSecret,
      ctx.operation,
      ctx.now(),
    ).page({ childId, from: from ?? null, to: to ?? null, first, after: after ?? null }, selectedPaths(info));
  }
}

@Resolver(() => OverdueReport)
export class OverdueReportFieldsResolver {
  @FieldResolver(() => StaffMember, { description: 'The supervisor writing the report.' })
  async author(@Root() r: OverdueReport, @Ctx() ctx: GraphQLContext): Promise<StaffMember> {
    const u = await ctx.loaders.staff.load(r.authorId);
    return { id: r.authorId, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
  }
}
