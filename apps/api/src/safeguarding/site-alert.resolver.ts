import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../access/index.js';
import { MANAGER, SUPERVISOR } from '../access/roles.js';
import type { GraphQLContext } from '../graphql/context.js';
import { SiteAlertQuery } from './site-alert.query.js';
import { SiteAlertType } from './site-alert.type.js';

@Resolver()
export class SiteAlertResolver {
  @Authorized(MANAGER, SUPERVISOR)
  @Query(() => [SiteAlertType], {
    description:
      'Children on site at your centre today under a safeguarding flag still being handled that says there is an abduction risk or a danger now: first name and initial, the flag’s category and severity, and the room, soonest first; never what the flag says. For the centre’s manager and supervisors. Written to the access log.',
  })
  siteAlerts(
    @Arg('centreId', () => ID, { description: 'Your centre.' }) centreId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SiteAlertType[]> {
    return new SiteAlertQuery(ctx.em, requireViewer(ctx.viewer), ctx.operation, ctx.now()).today(centreId);
  }
}
