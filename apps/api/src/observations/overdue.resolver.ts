import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER } from '../access/roles.js';
import { OverdueReport } from '../children/caseload.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { logSessionReads } from '../sessions/session.query.js';
import { OverdueReportsQuery } from './overdue.query.js';

@Resolver()
export class OverdueResolver {
  @Authorized(MANAGER)
  @Query(() => [OverdueReport], {
    description:
      'The manager’s own centre’s overdue observation records (docs/domain.md rule 9): supervised contact whose record is not final 5 working days after the session ended, including records nobody started. Oldest due first. NOT_FOUND for another centre. Written to the access log.',
  })
  async overdueObservations(
    @Arg('centreId', () => ID, { description: 'The centre: your own.' }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OverdueReport[]> {
    const viewer = requireViewer(ctx.viewer);
    const records = await new OverdueReportsQuery(ctx.em, viewer, ctx.now()).forCentre(centreId);
    await logSessionReads(
      ctx.em,
      viewer,
      ctx.operation,
      records.map((r) => r.session),
    );
    return records;
  }
}
